#include "tokenstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr int answerTimeoutMs = 10'000;

std::optional<QString> readNow(TokenStore &store, const QString &key)
{
    std::optional<QString> result;
    bool done = false;
    store.read(key, &store, [&](const std::optional<QString> &token) {
        result = token;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, answerTimeoutMs))
        qWarning("no answer from the token store");
    return result;
}

bool writeNow(TokenStore &store, const QString &key, const QString &token)
{
    bool stored = false;
    bool done = false;
    store.write(key, token, &store, [&](bool ok) {
        stored = ok;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, answerTimeoutMs))
        qWarning("no answer from the token store");
    return stored;
}

} // namespace

/// Tokens kept and read back asynchronously; with no keychain (no Secret Service on the
/// test machine's bus, or the keychain turned off) they land in a file only the user may
/// read, and the store says so for the window's warning.
class tst_TokenStore final : public QObject
{
    Q_OBJECT

private slots:
    void keptAndReadBack_data();
    void keptAndReadBack();
    void missingKeyReadsNothing();
    void removeForgets();
    void answersNeverInsideTheCall();
};

void tst_TokenStore::keptAndReadBack_data()
{
    QTest::addColumn<bool>("keychain");
    QTest::newRow("file only") << false;
    // Where no keychain answers (the test machine), the store falls back to the file.
    QTest::newRow("keychain first") << true;
}

void tst_TokenStore::keptAndReadBack()
{
    QFETCH(bool, keychain);
    QTemporaryDir dir;
    TokenStore store(keychain ? TokenStore::Backend::Keychain : TokenStore::Backend::File);
    store.setFilePath(dir.filePath(u"sub/tokens.json"_s));
    QSignalSpy usingFile(&store, &TokenStore::usingFileChanged);
    const QString key
            = u"tst_tokenstore:%1"_s.arg(QString::number(QDateTime::currentMSecsSinceEpoch()));

    QVERIFY(writeNow(store, key, u"s3cret"_s));
    QCOMPARE(readNow(store, key), std::optional<QString>(u"s3cret"_s));

    if (store.isUsingFile()) {
        QCOMPARE(usingFile.size(), 1);
        QFile file(store.filePath());
        QCOMPARE(file.permissions()
                         & (QFileDevice::ReadGroup | QFileDevice::ReadOther
                            | QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(file.permissions().testFlag(QFileDevice::ReadOwner));
        QCOMPARE(TokenStore::readFileEntry(store.filePath(), key),
                 std::optional<QString>(u"s3cret"_s));
        QVERIFY(!TokenStore::fileWarning().isEmpty());
    } else {
        QVERIFY(keychain); // a real keychain answered: nothing in the file
        QCOMPARE(TokenStore::readFileEntry(store.filePath(), key), std::nullopt);
        store.remove(key);
    }
}

void tst_TokenStore::missingKeyReadsNothing()
{
    QTemporaryDir dir;
    TokenStore store(TokenStore::Backend::File);
    store.setFilePath(dir.filePath(u"tokens.json"_s));
    QVERIFY(writeNow(store, u"a"_s, u"1"_s));
    QCOMPARE(readNow(store, u"b"_s), std::nullopt);
}

void tst_TokenStore::removeForgets()
{
    QTemporaryDir dir;
    TokenStore store(TokenStore::Backend::File);
    store.setFilePath(dir.filePath(u"tokens.json"_s));
    QVERIFY(writeNow(store, u"a"_s, u"1"_s));
    QVERIFY(writeNow(store, u"b"_s, u"2"_s));
    store.remove(u"a"_s);
    QCOMPARE(readNow(store, u"a"_s), std::nullopt);
    QCOMPARE(readNow(store, u"b"_s), std::optional<QString>(u"2"_s));
}

void tst_TokenStore::answersNeverInsideTheCall()
{
    QTemporaryDir dir;
    TokenStore store(TokenStore::Backend::File);
    store.setFilePath(dir.filePath(u"tokens.json"_s));
    bool answered = false;
    store.read(u"x"_s, this, [&](const std::optional<QString> &) { answered = true; });
    QVERIFY(!answered);
    QTRY_VERIFY(answered);
}

QTEST_GUILESS_MAIN(tst_TokenStore)
#include "tst_tokenstore.moc"
