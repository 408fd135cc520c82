#include "offlinebanner.h"

#include "freshness.h"
#include "operationstatus.h"
#include "statuspalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

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
    , m_ageLabel(new QLabel(this))
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
    m_ageLabel->setWordWrap(true);
    m_ageLabel->setAccessibleName(tr("Age of the operations shown"));
    m_label->setTextFormat(Qt::RichText);
    m_retryButton->setAccessibleName(tr("Retry now"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 8, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    auto *lines = new QVBoxLayout;
    lines->setSpacing(2);
    lines->addWidget(m_label);
    lines->addWidget(m_ageLabel);
    layout->addLayout(lines, 1);
    layout->addWidget(m_retryButton);

    m_tick.setInterval(countdownIntervalMs);
    connect(&m_tick, &QTimer::timeout, this, &OfflineBanner::tick);
    connect(m_retryButton, &QPushButton::clicked, this, &OfflineBanner::retryNowRequested);
    updateColours();
    hide();
}

void OfflineBanner::setConnection(const ConnectionInfo &info)
{
    m_info = info;
    if (info.isCurrent() || info.state == ConnectionState::Connecting) {
        m_tick.stop();
        hide();
        return;
    }
    updateText();
    // The countdown and the age move on by themselves between the feed's updates.
    m_tick.start();
    show();
}

QString OfflineBanner::text() const
{
    return m_text;
}

QString OfflineBanner::ageText() const
{
    return m_ageLabel->text();
}

void OfflineBanner::tick()
{
    if (m_info.secondsToNextTry > 0)
        --m_info.secondsToNextTry;
    updateText();
}

void OfflineBanner::updateText()
{
    QString head;
    if (m_info.state == ConnectionState::NotResponding)
        head = tr("Not responding");
    else if (m_info.secondsToNextTry > 0)
        head = tr("Offline — retrying in %1 s").arg(m_info.secondsToNextTry);
    else if (m_info.secondsToNextTry == 0)
        head = tr("Offline — retrying now");
    else
        head = tr("Offline");
    // The state in bold, the reason as a plain sentence after it.
    m_text = m_info.reason.isEmpty() ? head : tr("%1: %2").arg(head, m_info.reason);
    m_label->setText(m_info.reason.isEmpty()
                             ? u"<b>%1</b>"_s.arg(head.toHtmlEscaped())
                             : tr("%1: %2").arg(u"<b>%1</b>"_s.arg(head.toHtmlEscaped()),
                                                m_info.reason.toHtmlEscaped()));
    const QString &text = m_text;
    const QString age = m_info.confirmedAt.isValid()
            ? tr("The operations below are %1 (%2) and may have changed since.")
                      .arg(Freshness::asOf(m_info.confirmedAt),
                           Freshness::updatedAgo(m_info.confirmedAt,
                                                 QDateTime::currentDateTimeUtc()))
            : tr("No operations have been loaded from the service yet.");
    m_ageLabel->setText(age);
    setAccessibleName(head);
    setAccessibleDescription(text + u". "_s + age);
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
