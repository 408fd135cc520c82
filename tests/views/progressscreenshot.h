#pragma once

#include <QDir>
#include <QPixmap>
#include <QString>
#include <QTest>
#include <QWidget>

namespace optrack::testing {

/// Saves what widget shows as <name>.png under $OPTRACK_SCREENSHOT_DIR (else the temp dir),
/// so that a person can look at every state a test put on screen.
inline void saveScreenshot(QWidget *widget, const QString &name)
{
    QString directory = qEnvironmentVariable("OPTRACK_SCREENSHOT_DIR");
    if (directory.isEmpty())
        directory = QDir::tempPath();
    QVERIFY(QDir().mkpath(directory));
    const QString path = QDir(directory).filePath(name + QStringLiteral(".png"));
    QVERIFY2(widget->grab().save(path), qPrintable(path));
}

} // namespace optrack::testing
