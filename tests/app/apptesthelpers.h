#pragma once

#include "apiresults.h"
#include "appcontroller.h"
#include "appoptions.h"
#include "operationfeed.h"
#include "operationfiltermodel.h"
#include "operationtablemodel.h"
#include "operationwindowmodel.h"
#include "tokenstore.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QString>
#include <QTest>
#include <QUrl>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>

/// Small helpers the app's GUI tests share: one action run to its end, the PNG of what a
/// test showed, and the app signed in to a running optrackd with its models under test.
namespace apptest {

inline constexpr int answerTimeoutMs = 15'000;

/// Runs one client action to its end and returns its status and typed result.
template<typename T, typename Start> std::pair<optrack::ApiStatus, T> run(Start start)
{
    optrack::ApiStatus status = optrack::ApiStatus::failure(optrack::ErrorCategory::Aborted,
                                                            QStringLiteral("no answer in time"));
    T value{};
    bool done = false;
    start([&](const optrack::ApiStatus &answer, const T &result) {
        status = answer;
        value = result;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, answerTimeoutMs))
        qWarning("the service did not answer in time");
    return {status, value};
}

/// Points HOME and the XDG folders into `home` and names the app as the real one does,
/// so settings, tokens (see fileTokens()) and the embedded service's data stay inside the
/// test's own folder.
inline void isolateHome(const QString &home)
{
    qputenv("HOME", home.toLocal8Bit());
    for (const char *variable : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"}) {
        const QString leaf = QString::fromLatin1(variable).section(u'_', 1, 1).toLower();
        qputenv(variable, QDir(home).filePath(leaf).toLocal8Bit());
    }
    QCoreApplication::setOrganizationName(QStringLiteral("Optrack"));
    QCoreApplication::setApplicationName(QStringLiteral("optrack"));
}

/// A token store that keeps tokens in the (isolated) app data folder and never asks the
/// system keychain, for an AppController under test to own.
inline optrack::TokenStore *fileTokens()
{
    return new optrack::TokenStore(optrack::TokenStore::Backend::File);
}

/// Saves what `widget` shows as <name>.png in $OPTRACK_SCREENSHOT_DIR (else the temp dir).
inline QString saveScreenshot(QWidget *widget, const QString &name)
{
    QString dir = qEnvironmentVariable("OPTRACK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir::tempPath();
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    if (!widget->grab().save(path))
        qWarning("could not save %s", qPrintable(path));
    return path;
}

/// The app's command line for a running optrackd at `server`, signed in as `user`: the
/// token is written to <folder>/<user>.token, as a person keeps it for --token-file.
inline std::optional<optrack::AppOptions> remoteOptions(const QUrl &server, const QString &user,
                                                        const QString &token, const QString &folder,
                                                        QString *error)
{
    const QString tokenFile = QDir(folder).filePath(user + QStringLiteral(".token"));
    QFile file(tokenFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(token.toUtf8() + "\n") < 0) {
        *error = QStringLiteral("cannot write ") + tokenFile;
        return std::nullopt;
    }
    file.close();
    return optrack::AppOptions::parse({QStringLiteral("optrack"), QStringLiteral("--server"),
                                       server.toString(), QStringLiteral("--token-file"),
                                       tokenFile},
                                      error);
}

/// A QAbstractItemModelTester on each model of the app a test drives (the table, its filter
/// and the windowed table), failing the test on any broken model contract. Made before the
/// app starts; destroyed before the app is.
class ModelTesters final
{
public:
    explicit ModelTesters(optrack::AppController *app)
    {
        const std::array<QAbstractItemModel *, 3> models{app->tableModel(), app->filterModel(),
                                                         app->windowModel()};
        for (std::size_t i = 0; i < models.size(); ++i) {
            m_testers[i] = std::make_unique<QAbstractItemModelTester>(
                    models[i], QAbstractItemModelTester::FailureReportingMode::QtTest);
        }
    }

private:
    std::array<std::unique_ptr<QAbstractItemModelTester>, 3> m_testers;
};

/// Starts the app and waits until it has signed in and its feed's first load is done.
inline bool startSignedIn(optrack::AppController *app, int timeoutMs)
{
    QSignalSpy signedIn(app, &optrack::AppController::signedIn);
    app->start();
    return signedIn.wait(timeoutMs)
            && QTest::qWaitFor([app] { return app->feed()->isFirstLoadDone(); }, timeoutMs);
}

/// Quits the app the normal way (its feeds and windows stop) and waits until it has.
inline bool quitAndWait(optrack::AppController *app, int timeoutMs)
{
    QSignalSpy finished(app, &optrack::AppController::quitFinished);
    app->quit();
    return !finished.isEmpty() || finished.wait(timeoutMs);
}

} // namespace apptest
