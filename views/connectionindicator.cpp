#include "connectionindicator.h"

#include "operationstatus.h"
#include "statusstyle.h"

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

} // namespace

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent)
    , m_dot(new QLabel(this))
    , m_label(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(spacing);
    layout->addWidget(m_dot);
    layout->addWidget(m_label);
    m_dot->setFixedSize(dotSize, dotSize);
    m_dot->setAccessibleName(tr("Connection state colour"));
    m_label->setAccessibleName(tr("Connection state"));
    setAccessibleName(tr("Connection"));
    setConnectionState(ConnectionState::Connecting, -1, {});
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
    case ConnectionState::Offline:
        if (secondsToNextTry > 0)
            return tr("Offline — retrying in %1 s").arg(secondsToNextTry);
        return secondsToNextTry == 0 ? tr("Offline — retrying now") : tr("Offline");
    }
    return {};
}

void ConnectionIndicator::setConnectionState(ConnectionState state, int secondsToNextTry,
                                             const QString &reason)
{
    m_state = state;
    m_label->setText(describe(m_state, secondsToNextTry));
    QString tip;
    switch (m_state) {
    case ConnectionState::Connecting:
        tip = tr("Connecting to the service");
        break;
    case ConnectionState::Live:
        tip = tr("Changes arrive as they happen");
        break;
    case ConnectionState::Polling:
        tip = tr("Asking the service for changes every few seconds");
        break;
    case ConnectionState::Offline:
        tip = reason.isEmpty() ? tr("The service cannot be reached") : reason;
        break;
    }
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

void ConnectionIndicator::updateDot()
{
    OperationStatus hue = OperationStatus::Pending;
    switch (m_state) {
    case ConnectionState::Connecting:
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
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(QSize(dotSize, dotSize) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(StatusStyle::accent(hue, palette()));
    painter.drawEllipse(QRectF(0.5, 0.5, dotSize - 1, dotSize - 1));
    painter.end();
    m_dot->setPixmap(pixmap);
}

} // namespace optrack
