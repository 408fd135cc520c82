#include "pagetoken.h"

#include <QByteArrayList>
#include <QLocale>

namespace optrack::pagetoken {

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

bool isDefault(const ListOrder &order)
{
    return order.key == OperationSortKey::CreatedAt && order.descending;
}

QByteArray orderName(const ListOrder &order)
{
    return sortKeyToWire(order.key).toLatin1() + (order.descending ? ".desc" : ".asc");
}

QByteArray keyValue(OperationSortKey key, const IndexedOperation &op)
{
    switch (key) {
    case OperationSortKey::CreatedAt:
        return QByteArray::number(op.createdMs);
    case OperationSortKey::UpdatedAt:
        return QByteArray::number(op.updatedMs);
    case OperationSortKey::DisplayName:
        return op.nameKey.toUtf8();
    case OperationSortKey::OperationType:
        return op.typeKey.toUtf8();
    case OperationSortKey::Status:
        return QByteArray::number(int(op.status));
    case OperationSortKey::Progress:
        return QByteArray::number(op.progress, 'g', QLocale::FloatingPointShortest);
    }
    return {};
}

bool setKeyValue(OperationSortKey key, const QByteArray &value, IndexedOperation *probe)
{
    bool ok = true;
    switch (key) {
    case OperationSortKey::CreatedAt:
        probe->createdMs = value.toLongLong(&ok);
        break;
    case OperationSortKey::UpdatedAt:
        probe->updatedMs = value.toLongLong(&ok);
        break;
    case OperationSortKey::DisplayName:
        probe->nameKey = QString::fromUtf8(value);
        break;
    case OperationSortKey::OperationType:
        probe->typeKey = QString::fromUtf8(value);
        break;
    case OperationSortKey::Status: {
        const int status = value.toInt(&ok);
        ok = ok && status >= 0 && status < OperationStatusCount;
        probe->status = OperationStatus(ok ? status : 0);
        break;
    }
    case OperationSortKey::Progress:
        probe->progress = value.toDouble(&ok);
        break;
    }
    return ok;
}

} // namespace

QString encode(const ListOrder &order, const IndexedOperation &last)
{
    QByteArray raw;
    if (isDefault(order))
        raw = QByteArray::number(last.createdMs);
    else
        raw = orderName(order) + '|' + keyValue(order.key, last).toBase64(base64Url);
    raw += '|' + last.operationId.toUtf8();
    return QString::fromLatin1(raw.toBase64(base64Url));
}

bool decode(const QString &token, const ListOrder &order, IndexedOperation *probe)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            token.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QByteArray &raw = decoded.decoded;
    const qsizetype bar = raw.indexOf('|');
    if (bar <= 0)
        return false;
    QByteArray value;
    qsizetype idStart = bar + 1;
    if (isDefault(order)) {
        value = raw.left(bar);
    } else {
        if (raw.left(bar) != orderName(order))
            return false;
        const qsizetype second = raw.indexOf('|', bar + 1);
        if (second < 0)
            return false;
        const auto key = QByteArray::fromBase64Encoding(
                raw.mid(bar + 1, second - bar - 1),
                QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!key)
            return false;
        value = key.decoded;
        idStart = second + 1;
    }
    probe->operationId = QString::fromUtf8(raw.mid(idStart));
    return !probe->operationId.isEmpty() && setKeyValue(order.key, value, probe);
}

} // namespace optrack::pagetoken
