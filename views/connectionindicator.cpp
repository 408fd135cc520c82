#include "connectionindicator.h"

#include "operationstatus.h"
#include "statuspalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

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
    setConnectionState(Connecting, -1, {});
}

QString ConnectionIndicator::describe(State state, int secondsToNextTry)
{
    switch (state) {
    case Connecting:
        return tr("Connecting…");
    case Live:
        return tr("Live");
    case Polling:
        return tr("Polling");
    case Offline:
        if (secondsToNextTry > 0)
            return tr("Offline — retrying in %1 s").arg(secondsToNextTry);
        return secondsToNextTry == 0 ? tr("Offline — retrying now") : tr("Offline");
    }
    return {};
}

void ConnectionIndicator::setConnectionState(int state, int secondsToNextTry, const QString &reason)
{
    m_state = State(std::clamp(state, int(Connecting), int(Offline)));
    m_label->setText(describe(m_state, secondsToNextTry));
    QString tip;
    switch (m_state) {
    case Connecting:
        tip = tr("Connecting to the service");
        break;
    case Live:
        tip = tr("Changes arrive as they happen");
        break;
    case Polling:
        tip = tr("Asking the service for changes every few seconds");
        break;
    case Offline:
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
    case Connecting:
        hue = OperationStatus::WaitingForApproval;
        break;
    case Live:
        hue = OperationStatus::Completed;
        break;
    case Polling:
        hue = OperationStatus::InProgress;
        break;
    case Offline:
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
    painter.setBrush(StatusPalette::color(hue, palette()));
    painter.drawEllipse(QRectF(0.5, 0.5, dotSize - 1, dotSize - 1));
    painter.end();
    m_dot->setPixmap(pixmap);
}

} // namespace optrack
