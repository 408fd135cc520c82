#include "emptyoverlay.h"

#include "statuspalette.h"

#include <QAbstractItemView>
#include <QEvent>

namespace optrack {

namespace {

constexpr int textMargin = 12;

} // namespace

EmptyOverlay::EmptyOverlay(QAbstractItemView *view)
    : QLabel(view->viewport())
    , m_viewport(view->viewport())
{
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setMargin(textMargin);
    // Clicks go to the view beneath.
    setAttribute(Qt::WA_TransparentForMouseEvents);
    StatusPalette::setMutedText(this);
    m_viewport->installEventFilter(this);
    setGeometry(m_viewport->rect());
    hide();
}

void EmptyOverlay::showWhen(bool empty, const QString &text)
{
    if (!empty) {
        hide();
        return;
    }
    setText(text);
    setAccessibleName(text);
    setGeometry(m_viewport->rect());
    show();
}

bool EmptyOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && event->type() == QEvent::Resize)
        setGeometry(m_viewport->rect());
    return QLabel::eventFilter(watched, event);
}

} // namespace optrack
