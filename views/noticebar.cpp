#include "noticebar.h"

#include "statuspalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace optrack {

namespace {

constexpr int iconSize = 16;
constexpr double tintAmount = 0.10;
constexpr double borderAmount = 0.35;

} // namespace

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_dismissButton(new QPushButton(tr("&Got it"), this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Notice"));
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setAccessibleName(tr("Notice"));
    m_dismissButton->setAccessibleName(tr("Dismiss the notice"));
    m_dismissButton->setToolTip(tr("Put this notice away; it does not come back"));
    m_dismissButton->setAutoDefault(false);
    connect(m_dismissButton, &QPushButton::clicked, this, [this] {
        hide();
        emit dismissed();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_dismissButton, 0, Qt::AlignVCenter);
    updateColours();
}

void NoticeBar::setText(const QString &text)
{
    m_label->setText(text);
    setAccessibleDescription(text);
}

QString NoticeBar::text() const
{
    return m_label->text();
}

void NoticeBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && !m_updatingColours)
        updateColours();
    QFrame::changeEvent(event);
}

void NoticeBar::updateColours()
{
    // A tint of the running colour (the theme's highlight): information, not a warning.
    const QPalette base = parentWidget() ? parentWidget()->palette() : palette();
    const QColor hue = StatusPalette::color(OperationStatus::InProgress, base);
    QPalette pal = palette();
    pal.setColor(QPalette::Window,
                 StatusPalette::blend(hue, base.color(QPalette::Window), tintAmount));
    pal.setColor(QPalette::Light,
                 StatusPalette::blend(hue, base.color(QPalette::Window), borderAmount));
    pal.setColor(QPalette::Dark,
                 StatusPalette::blend(hue, base.color(QPalette::Window), borderAmount));
    m_updatingColours = true;
    setPalette(pal);
    m_updatingColours = false;
}

} // namespace optrack
