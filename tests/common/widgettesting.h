#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QDir>
#include <QFontMetrics>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QString>
#include <QTest>
#include <QWidget>

/// What the GUI tests share: a double-click as a person makes one, saving what a test
/// showed as a PNG, and the checks that make a picture a test (colours at known points,
/// text not cut).
namespace optrack::testing {

/// A double-click as the window system delivers it: press, release, a second press that is
/// a double-click, release. (QTest::mouseDClick sends only the double-click event.)
inline void doubleClick(QWidget *widget, QPoint position = {})
{
    if (position.isNull())
        position = widget->rect().center();
    QTest::mouseClick(widget, Qt::LeftButton, {}, position);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, position);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, position);
}

/// Colours drawn with antialiasing differ a little from what was asked for.
inline constexpr int colourTolerance = 40;

inline bool near(const QColor &a, const QColor &b, int tolerance = colourTolerance)
{
    return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue())
            <= tolerance;
}

inline QString describe(const QColor &seen, const QColor &wanted)
{
    return QStringLiteral("saw %1, wanted %2").arg(seen.name(), wanted.name());
}

/// The picture of widget as it is on screen now, once posted layout events have settled
/// (a status bar takes two rounds).
inline QImage picture(QWidget *widget)
{
    for (int round = 0; round < 3; ++round)
        QCoreApplication::sendPostedEvents();
    return widget->grab().toImage();
}

/// The colour of the picture of root at a point of one of its children.
inline QColor colourAt(const QImage &image, const QWidget *root, const QWidget *child,
                       const QPoint &point)
{
    const qreal ratio = image.devicePixelRatio();
    return image.pixelColor(child->mapTo(root, point) * ratio);
}

/// True when the label shows its whole text: one line wide enough for it, or wrapped
/// into a height that holds every line.
inline bool showsWholeText(const QLabel *label)
{
    const QRect contents = label->contentsRect();
    if (label->wordWrap())
        return label->height() >= label->heightForWidth(label->width());
    return contents.width() >= label->fontMetrics().horizontalAdvance(label->text());
}

/// Saves what widget shows as <name>.png under $OPTRACK_SCREENSHOT_DIR (else the temp
/// folder), so that a person can look at every state a test put on screen.
inline QString saveScreenshot(QWidget *widget, const QString &name)
{
    QString directory = qEnvironmentVariable("OPTRACK_SCREENSHOT_DIR");
    if (directory.isEmpty())
        directory = QDir::tempPath();
    QDir().mkpath(directory);
    const QString path = QDir(directory).filePath(name + QStringLiteral(".png"));
    if (!picture(widget).save(path))
        qWarning("could not save %s", qPrintable(path));
    return path;
}

} // namespace optrack::testing
