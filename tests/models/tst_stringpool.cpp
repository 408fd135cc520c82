#include "stringpool.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

class tst_StringPool final : public QObject
{
    Q_OBJECT

private slots:
    void equalStringsShareOneCopy();
    void equalListsShareOneCopy();
    void fullPoolKeepsNewValuesAsTheyCome();
};

void tst_StringPool::equalStringsShareOneCopy()
{
    StringPool pool;
    // Built at run time, as the codec builds them: two separate copies.
    QString first = u"file_"_s + u"upload"_s;
    QString second = u"file_"_s + u"upload"_s;
    QVERIFY(first.constData() != second.constData());
    pool.share(first);
    pool.share(second);
    QCOMPARE(second, u"file_upload"_s);
    QCOMPARE(second.constData(), first.constData());
}

void tst_StringPool::equalListsShareOneCopy()
{
    StringPool pool;
    QStringList first{u"Validate"_s, u"Store"_s};
    QStringList second{u"Validate"_s, u"Store"_s};
    pool.share(first);
    pool.share(second);
    QCOMPARE(second.constData(), first.constData());
}

void tst_StringPool::fullPoolKeepsNewValuesAsTheyCome()
{
    StringPool pool;
    for (qsizetype i = 0; i < StringPool::maxEntries; ++i) {
        QString text = QString::number(i);
        pool.share(text);
    }
    QString late = u"late"_s + u"comer"_s;
    QString lateAgain = u"late"_s + u"comer"_s;
    pool.share(late);
    pool.share(lateAgain);
    QVERIFY(lateAgain.constData() != late.constData());
    // What the pool already holds is still shared.
    QString zero = QString::number(0);
    QString zeroAgain = QString::number(0);
    pool.share(zero);
    pool.share(zeroAgain);
    QCOMPARE(zeroAgain.constData(), zero.constData());
}

QTEST_GUILESS_MAIN(tst_StringPool)
#include "tst_stringpool.moc"
