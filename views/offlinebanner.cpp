#include "offlinebanner.h"

#include "connectionindicator.h"
#include "operationstatus.h"
#include "statuspalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int countdownIntervalMs = 1000;
constexpr int iconSize = 20;
constexpr double fillFraction = 0.18;
constexpr double borderFraction = 0.6;

} // namespace

OfflineBanner::OfflineBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_retryButton(new QPushButton(tr("&Retry now"), this))
{
    setObjectName(u"offlineBanner"_s);
    setAccessibleName(tr("Offline"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    m_icon->setAccessibleName(tr("Warning"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setAccessibleName(tr("Connection problem"));
    m_retryButton->setAccessibleName(tr("Retry now"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 8, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_retryButton);

    m_countdown.setInterval(countdownIntervalMs);
    connect(&m_countdown, &QTimer::timeout, this, &OfflineBanner::tick);
    connect(m_retryButton, &QPushButton::clicked, this, &OfflineBanner::retryNowRequested);
    updateColours();
    hide();
}

void OfflineBanner::setConnectionState(int state, int secondsToNextTry, const QString &reason)
{
    if (state != ConnectionIndicator::Offline) {
        m_countdown.stop();
        hide();
        return;
    }
    m_seconds = secondsToNextTry;
    m_reason = reason;
    updateText();
    if (m_seconds > 0)
        m_countdown.start();
    else
        m_countdown.stop();
    show();
}

QString OfflineBanner::text() const
{
    return m_label->text();
}

void OfflineBanner::tick()
{
    if (m_seconds > 0)
        --m_seconds;
    if (m_seconds <= 0)
        m_countdown.stop();
    updateText();
}

void OfflineBanner::updateText()
{
    QString head;
    if (m_seconds > 0)
        head = tr("Offline — retrying in %1 s").arg(m_seconds);
    else if (m_seconds == 0)
        head = tr("Offline — retrying now");
    else
        head = tr("Offline");
    const QString text = m_reason.isEmpty() ? head : tr("%1: %2").arg(head, m_reason);
    m_label->setText(text);
    setAccessibleDescription(text + u". "_s + tr("The operations shown are the last known."));
}

void OfflineBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && !m_updatingColours)
        updateColours();
    QFrame::changeEvent(event);
}

void OfflineBanner::updateColours()
{
    // Derived from the palette: a tint of the warning hue over the window colour.
    const QPalette base = parentWidget() ? parentWidget()->palette() : palette();
    const QColor hue = StatusPalette::color(OperationStatus::WaitingForApproval, base);
    QPalette pal = palette();
    pal.setColor(QPalette::Window,
                 StatusPalette::blend(hue, base.color(QPalette::Window), fillFraction));
    pal.setColor(QPalette::WindowText, base.color(QPalette::WindowText));
    pal.setColor(QPalette::Light,
                 StatusPalette::blend(hue, base.color(QPalette::Window), borderFraction));
    pal.setColor(QPalette::Dark,
                 StatusPalette::blend(hue, base.color(QPalette::Window), borderFraction));
    m_updatingColours = true;
    setPalette(pal);
    m_updatingColours = false;
}

} // namespace optrack
