#include "operationindex.h"

#include "accessrules.h"

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

struct KeyName
{
    ListOrder::Key key;
    QStringView wire;
};

constexpr std::array<KeyName, ListOrder::keyCount> keyNames{{
        {ListOrder::Key::CreatedAt, u"createdAt"},
        {ListOrder::Key::UpdatedAt, u"updatedAt"},
        {ListOrder::Key::DisplayName, u"displayName"},
        {ListOrder::Key::OperationType, u"operationType"},
        {ListOrder::Key::Status, u"status"},
        {ListOrder::Key::Progress, u"progressPercentage"},
}};

// Negative, zero or positive as a's key is below, equal to or above b's.
template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareKey(ListOrder::Key key, const IndexedOperation &a, const IndexedOperation &b)
{
    switch (key) {
    case ListOrder::Key::CreatedAt:
        return threeWay(a.createdMs, b.createdMs);
    case ListOrder::Key::UpdatedAt:
        return threeWay(a.updatedMs, b.updatedMs);
    case ListOrder::Key::DisplayName:
        return a.nameKey.compare(b.nameKey);
    case ListOrder::Key::OperationType:
        return a.typeKey.compare(b.typeKey);
    case ListOrder::Key::Status:
        return threeWay(int(a.status), int(b.status));
    case ListOrder::Key::Progress:
        return threeWay(a.progress, b.progress);
    }
    return 0;
}

} // namespace

std::optional<ListOrder::Key> ListOrder::keyFromWire(QStringView name)
{
    for (const KeyName &known : keyNames) {
        if (known.wire == name)
            return known.key;
    }
    return std::nullopt;
}

QString ListOrder::keyToWire(Key key)
{
    return keyNames[std::size_t(key)].wire.toString();
}

IndexedOperation::IndexedOperation(const Operation &op)
    : operationId(op.operationId)
    , operationType(op.operationType)
    , owner(op.owner())
    , voterRole(op.approval ? access::voterRoleOf(*op.approval) : QString())
    , createdMs(op.createdAt.toMSecsSinceEpoch())
    , updatedMs(op.updatedAt.toMSecsSinceEpoch())
    , nameKey((op.displayName.isEmpty() ? op.entityId : op.displayName).toCaseFolded())
    , typeKey(op.operationType.toCaseFolded())
    , status(op.status)
    , progress(op.progressPercentage)
{
    // One separator no search can contain, so that a match never spans two fields.
    const QString text
            = op.displayName + u'\n' + op.operationId + u'\n' + op.entityId + u'\n' + owner;
    searchText = text.toCaseFolded().toUtf8();
}

bool OperationIndex::Less::operator()(const IndexedOperation *a, const IndexedOperation *b) const
{
    const int order = compareKey(key, *a, *b);
    return order != 0 ? order < 0 : a->operationId < b->operationId;
}

OperationIndex::OperationIndex()
{
    for (int i = 0; i < ListOrder::keyCount; ++i)
        m_trees[std::size_t(i)].get_cmp_fn().key = ListOrder::Key(i);
}

OperationIndex::~OperationIndex() = default;

OperationIndex::OperationIndex(OperationIndex &&other) noexcept
    : OperationIndex()
{
    *this = std::move(other);
}

OperationIndex &OperationIndex::operator=(OperationIndex &&other) noexcept
{
    m_entries.swap(other.m_entries);
    for (std::size_t i = 0; i < m_trees.size(); ++i)
        m_trees[i].swap(other.m_trees[i]);
    return *this;
}

void OperationIndex::put(const Operation &op)
{
    std::unique_ptr<IndexedOperation> &held = m_entries[op.operationId];
    if (held)
        unlink(held.get());
    held = std::make_unique<IndexedOperation>(op);
    for (Tree &tree : m_trees)
        tree.insert(held.get());
}

void OperationIndex::remove(const QString &operationId)
{
    const auto it = m_entries.find(operationId);
    if (it == m_entries.end())
        return;
    unlink(it->second.get());
    m_entries.erase(it);
}

const IndexedOperation *OperationIndex::find(const QString &operationId) const
{
    const auto it = m_entries.find(operationId);
    return it == m_entries.cend() ? nullptr : it->second.get();
}

void OperationIndex::unlink(const IndexedOperation *entry)
{
    for (Tree &tree : m_trees)
        tree.erase(entry);
}

qsizetype OperationIndex::positionAfter(const ListOrder &order, const IndexedOperation &probe) const
{
    const Tree &keyed = tree(order.key);
    const auto below = qsizetype(keyed.order_of_key(&probe));
    if (order.descending)
        return qsizetype(keyed.size()) - below;
    return below + (keyed.find(&probe) != keyed.end() ? 1 : 0);
}

} // namespace optrack
