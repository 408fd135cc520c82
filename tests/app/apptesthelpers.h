#pragma once

#include "apiresults.h"
#include "tokenstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QString>
#include <QTest>
#include <QWidget>

/// Small helpers the app's GUI tests share: one action run to its end, and the PNG of
/// what a test showed.
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

} // namespace apptest
