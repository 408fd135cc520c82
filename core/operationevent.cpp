#include "operationevent.h"

#include <array>

namespace optrack {

namespace {
constexpr std::array<const char16_t *, 8> kindNames{u"created",  u"updated", u"status",  u"vote",
                                                    u"decision", u"cancel",  u"timeout", u"retry"};
}

QString eventKindToWire(EventKind kind)
{
    return QString::fromUtf16(kindNames.at(static_cast<std::size_t>(kind)));
}

std::optional<EventKind> eventKindFromWire(QStringView wire)
{
    for (std::size_t i = 0; i < kindNames.size(); ++i) {
        if (wire == QStringView(kindNames.at(i)))
            return static_cast<EventKind>(i);
    }
    return std::nullopt;
}

} // namespace optrack
