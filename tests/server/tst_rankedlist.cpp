// RankedList against a sorted vector: ranks, entries at ranks, cursors both ways and
// membership, through enough insertions and removals to split chunks, merge them and empty
// them, with ties in the key broken by operationId; and a list filled at once by assign().

#include "entryslab.h"
#include "rankedlist.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int entryCount = 6000; // several chunks of the largest size
constexpr int keyValues = 300; // ties
constexpr quint32 seed = 7;

IndexedOperation entry(int n, QRandomGenerator &random)
{
    IndexedOperation op;
    op.operationId = u"op_%1"_s.arg(n, 6, 10, QChar(u'0'));
    op.createdMs = random.bounded(keyValues);
    op.owner = u"owner%1"_s.arg(random.bounded(3));
    return op;
}

} // namespace

class tst_RankedList final : public QObject
{
    Q_OBJECT

private slots:
    void followsInsertionsAndRemovals();
    void assignedListTakesChanges();

private:
    static void compare(const RankedList &list, const EntrySlab &slab,
                        const std::vector<EntrySlab::Slot> &reference);
};

void tst_RankedList::compare(const RankedList &list, const EntrySlab &slab,
                             const std::vector<EntrySlab::Slot> &reference)
{
    QCOMPARE(list.size(), qsizetype(reference.size()));
    if (reference.empty())
        return;
    RankedList::Cursor forward = list.cursorAt(0);
    RankedList::Cursor backward = list.cursorAt(list.size() - 1);
    for (std::size_t i = 0; i < reference.size(); ++i) {
        QCOMPARE(forward.slot(), reference[i]);
        QCOMPARE(backward.slot(), reference[reference.size() - 1 - i]);
        if (i + 1 < reference.size()) {
            forward.next();
            backward.previous();
        }
    }
    // Ranks of members, of probes between them and past either end.
    for (std::size_t i = 0; i < reference.size(); i += 7) {
        const IndexedOperation &member = slab[reference[i]];
        QCOMPARE(list.rankOf(member), qsizetype(i));
        QVERIFY(list.contains(member));
        QCOMPARE(list.at(qsizetype(i)).operationId, member.operationId);
        IndexedOperation probe = member;
        probe.operationId += u'~'; // after this one, before the next of its key
        QCOMPARE(list.rankOf(probe), qsizetype(i + 1));
        QVERIFY(!list.contains(probe));
    }
    IndexedOperation last; // after every owner and key
    last.owner = u"owner~"_s;
    last.createdMs = keyValues;
    QCOMPARE(list.rankOf(last), list.size());
    IndexedOperation first;
    first.createdMs = -1;
    QCOMPARE(list.rankOf(first), 0);
}

void tst_RankedList::followsInsertionsAndRemovals()
{
    QRandomGenerator random(seed);
    EntrySlab slab;
    const IndexOrder order{OperationSortKey::CreatedAt};
    RankedList list(&slab, order);
    std::vector<EntrySlab::Slot> reference;
    const auto before
            = [&](EntrySlab::Slot a, EntrySlab::Slot b) { return order(slab[a], slab[b]); };
    int next = 0;
    for (const int target : {entryCount, entryCount / 10, entryCount, 0}) {
        // Grow to or shrink towards the target, with some steps the other way.
        while (int(reference.size()) != target) {
            const bool grow = int(reference.size()) < target ? random.bounded(4) != 0
                                                             : random.bounded(4) == 0;
            if (grow) {
                const EntrySlab::Slot slot = slab.add(entry(next++, random));
                list.insert(slot);
                reference.insert(std::upper_bound(reference.begin(), reference.end(), slot, before),
                                 slot);
            } else if (!reference.empty()) {
                const auto at = reference.begin() + random.bounded(int(reference.size()));
                list.erase(*at);
                slab.release(*at);
                reference.erase(at);
            }
        }
        compare(list, slab, reference);
    }
}

void tst_RankedList::assignedListTakesChanges()
{
    QRandomGenerator random(seed);
    EntrySlab slab;
    const IndexOrder order{OperationSortKey::CreatedAt, true, Partition::Owner};
    std::vector<EntrySlab::Slot> reference;
    for (int n = 0; n < entryCount; ++n)
        reference.push_back(slab.add(entry(n, random)));
    const auto before
            = [&](EntrySlab::Slot a, EntrySlab::Slot b) { return order(slab[a], slab[b]); };
    std::sort(reference.begin(), reference.end(), before);
    RankedList list(&slab, order);
    list.assign(reference);
    compare(list, slab, reference);
    for (int n = entryCount; n < entryCount + entryCount / 2; ++n) {
        const EntrySlab::Slot slot = slab.add(entry(n, random));
        list.insert(slot);
        reference.insert(std::upper_bound(reference.begin(), reference.end(), slot, before), slot);
    }
    compare(list, slab, reference);
}

QTEST_GUILESS_MAIN(tst_RankedList)
#include "tst_rankedlist.moc"
