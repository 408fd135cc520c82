#include "connectionindicator.h"

#include "freshness.h"
#include "operationstatus.h"
#include "statuspalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace optrack {

namespace {

constexpr int dotSize = 10;
constexpr int spacing = 6;
constexpr int trailingMargin = 14;

} // namespace

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent)
    , m_dot(new QLabel(this))
    , m_label(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    // Room before the next permanent widget of the status bar.
    layout->setContentsMargins(0, 0, trailingMargin, 0);
    layout->setSpacing(spacing);
    layout->addWidget(m_dot);
    layout->addWidget(m_label);
    m_dot->setFixedSize(dotSize, dotSize);
    m_dot->setAccessibleName(tr("Connection state colour"));
    m_label->setAccessibleName(tr("Connection state"));
    setAccessibleName(tr("Connection"));
    setConnection({});
}

QString ConnectionIndicator::describe(ConnectionState state, int secondsToNextTry)
{
    switch (state) {
    case ConnectionState::Connecting:
        return tr("Connecting…");
    case ConnectionState::Live:
        return tr("Live");
    case ConnectionState::Polling:
        return tr("Polling");
    case ConnectionState::NotResponding:
        return tr("Not responding");
    case ConnectionState::Offline:
        if (secondsToNextTry > 0)
            return tr("Offline — retrying in %1 s").arg(secondsToNextTry);
        return secondsToNextTry == 0 ? tr("Offline — retrying now") : tr("Offline");
    }
    return {};
}

void ConnectionIndicator::setConnection(const ConnectionInfo &info)
{
    m_info = info;
    m_label->setText(describe(info.state, info.secondsToNextTry));
    QString tip;
    switch (info.state) {
    case ConnectionState::Connecting:
        tip = tr("Connecting to the service");
        break;
    case ConnectionState::Live:
        tip = tr("Changes arrive as they happen");
        break;
    case ConnectionState::Polling:
        tip = tr("Asking the service for changes every few seconds");
        break;
    case ConnectionState::NotResponding:
        tip = info.reason.isEmpty() ? tr("The service does not answer") : info.reason;
        break;
    case ConnectionState::Offline:
        tip = info.reason.isEmpty() ? tr("The service cannot be reached") : info.reason;
        break;
    }
    if (!info.isCurrent() && info.confirmedAt.isValid())
        tip += u"\n"_s + tr("The operations shown are %1.").arg(Freshness::asOf(info.confirmedAt));
    setToolTip(tip);
    setAccessibleDescription(m_label->text() + u". "_s + tip);
    updateDot();
}

QString ConnectionIndicator::text() const
{
    return m_label->text();
}

void ConnectionIndicator::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateDot();
    QWidget::changeEvent(event);
}

QColor ConnectionIndicator::colorOf(ConnectionState state, const QPalette &palette)
{
    OperationStatus hue = OperationStatus::Pending;
    switch (state) {
    case ConnectionState::Connecting:
        hue = OperationStatus::Pending;
        break;
    case ConnectionState::NotResponding:
        hue = OperationStatus::WaitingForApproval;
        break;
    case ConnectionState::Live:
        hue = OperationStatus::Completed;
        break;
    case ConnectionState::Polling:
        hue = OperationStatus::InProgress;
        break;
    case ConnectionState::Offline:
        hue = OperationStatus::Failed;
        break;
    }
    return StatusPalette::color(hue, palette);
}

void ConnectionIndicator::updateDot()
{
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(QSize(dotSize, dotSize) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colorOf(m_info.state, palette()));
    painter.drawEllipse(QRectF(0.5, 0.5, dotSize - 1, dotSize - 1));
    painter.end();
    m_dot->setPixmap(pixmap);
}

} // namespace optrack
