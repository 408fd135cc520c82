#include "notificationlist.h"

#include "emptyoverlay.h"
#include "notificationdelegate.h"
#include "notificationmodel.h"

#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScreen>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

NotificationList::NotificationList(QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_heading(new QLabel(tr("Messages"), this))
    , m_clearButton(new QPushButton(tr("C&lear all"), this))
    , m_view(new QListView(this))
{
    setObjectName(u"notificationList"_s);
    setAccessibleName(tr("Messages"));
    setFrameShape(QFrame::StyledPanel);
    resize(listWidth, listHeight);

    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_clearButton->setAccessibleName(tr("Clear all messages"));
    m_clearButton->setAutoDefault(false);

    m_view->setAccessibleName(tr("Messages, newest first"));
    m_view->setItemDelegate(new NotificationDelegate(m_view));
    m_view->setWordWrap(true);
    m_view->setUniformItemSizes(false);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setMouseTracking(true);
    m_empty = new EmptyOverlay(m_view);

    auto *header = new QHBoxLayout;
    header->addWidget(m_heading, 1);
    header->addWidget(m_clearButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);

    connect(m_view, &QListView::activated, this, &NotificationList::activate);
    connect(m_view, &QListView::clicked, this, &NotificationList::activate);
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        if (m_model)
            m_model->clear();
    });
}

void NotificationList::setModel(NotificationModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_view->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &NotificationList::updateEmpty);
        connect(model, &QAbstractItemModel::modelReset, this, &NotificationList::updateEmpty);
    }
    updateEmpty();
}

void NotificationList::popUp(const QPoint &bottomRight)
{
    QRect area(QPoint(bottomRight.x() - width(), bottomRight.y() - height()), size());
    if (const QScreen *screen = QGuiApplication::screenAt(bottomRight)) {
        const QRect available = screen->availableGeometry();
        area.moveLeft(std::clamp(area.left(), available.left(),
                                 std::max(available.left(), available.right() - width())));
        area.moveTop(std::clamp(area.top(), available.top(),
                                std::max(available.top(), available.bottom() - height())));
    }
    move(area.topLeft());
    updateEmpty();
    show();
    m_view->setFocus(Qt::PopupFocusReason);
    if (m_model && m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0));
}

void NotificationList::hideEvent(QHideEvent *event)
{
    QFrame::hideEvent(event);
    // What was on screen has been seen.
    if (m_model)
        m_model->markAllRead();
}

void NotificationList::activate(const QModelIndex &index)
{
    // A click may report as both clicked() and activated(): act once.
    if (!index.isValid() || !isVisible())
        return;
    const QString folder = index.data(NotificationModel::FolderRole).toString();
    const QString operationId = index.data(NotificationModel::OperationIdRole).toString();
    if (!folder.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    else if (!operationId.isEmpty())
        emit operationRequested(operationId);
    else
        return;
    hide();
}

void NotificationList::updateEmpty()
{
    const bool empty = !m_model || m_model->rowCount() == 0;
    m_empty->showWhen(empty, tr("No messages."));
    m_clearButton->setEnabled(!empty);
}

} // namespace optrack
