#include "statusline.h"

#include <QStatusBar>

namespace optrack {

using namespace Qt::StringLiterals;

namespace {

constexpr int stretch = 1;
constexpr int leftMargin = 12;

} // namespace

StatusLine::StatusLine(QStatusBar *statusBar)
    : QLabel(statusBar)
{
    setObjectName(u"statusLine"_s);
    setAccessibleName(tr("Last message"));
    setTextFormat(Qt::PlainText);
    setContentsMargins(leftMargin, 0, 0, 0);
    // Long sentences are cut on screen; the tooltip keeps them whole.
    setMinimumWidth(0);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_clearTimer.setSingleShot(true);
    connect(&m_clearTimer, &QTimer::timeout, this, &StatusLine::clearMessage);
    statusBar->addWidget(this, stretch);
}

void StatusLine::showMessage(const QString &text, int timeoutMs, bool failure)
{
    const QString shown = failure ? u"⚠ "_s + text : text;
    setText(shown);
    setToolTip(shown);
    if (timeoutMs > 0)
        m_clearTimer.start(timeoutMs);
    else
        m_clearTimer.stop();
}

void StatusLine::clearMessage()
{
    m_clearTimer.stop();
    clear();
    setToolTip({});
}

} // namespace optrack
