#include "watchcommand.h"

#include "listcommand.h"
#include "operationcodec.h"
#include "operationfollower.h"
#include "operationtable.h"

#include <QDateTime>

#include <algorithm>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

// The table is redrawn over itself: home, each line cleared to its end, the rest of the
// screen cleared below. Clearing the whole screen first would flicker.
constexpr auto cursorHome = "\x1b[H";
constexpr auto clearToLineEnd = "\x1b[K";
constexpr auto clearBelow = "\x1b[J";
/// Lines the screen keeps for the state line and the table's header.
constexpr int reservedLines = 3;

QString stateWords(ConnectionState state, const QString &reason)
{
    switch (state) {
    case ConnectionState::Connecting:
        return u"connecting"_s;
    case ConnectionState::Live:
        return u"live"_s;
    case ConnectionState::Polling:
        return u"polling"_s;
    case ConnectionState::NotResponding:
        return reason.isEmpty() ? u"not responding"_s : u"not responding: "_s + reason;
    case ConnectionState::Offline:
        return reason.isEmpty() ? u"offline"_s : u"offline: "_s + reason;
    }
    return {};
}

bool endsFollowing(ErrorCategory category)
{
    return category == ErrorCategory::NotFound || category == ErrorCategory::Forbidden
            || category == ErrorCategory::Unauthorised;
}

} // namespace

WatchCommand::WatchCommand(const CommandContext &context, QObject *parent)
    : Command(context, parent)
    , m_terminal(Console::isTerminal() && !context.console->json())
{
    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(redrawDelay);
    connect(&m_redrawTimer, &QTimer::timeout, this, &WatchCommand::redraw);
    m_readerCheck.setInterval(readerCheckInterval);
    connect(&m_readerCheck, &QTimer::timeout, this, [this] {
        if (Console::outputClosed())
            finish(ExitStatus::Success);
    });
}

void WatchCommand::start()
{
    if (!m_terminal)
        m_readerCheck.start();
    if (!line().arguments().isEmpty())
        watchOne(line().arguments().first());
    else
        watchScope();
}

void WatchCommand::interrupt(int)
{
    if (m_terminal)
        console().print(u"\n"_s);
    finish(ExitStatus::Success);
}

void WatchCommand::watchScope()
{
    QString error;
    const std::optional<OperationQuery> query = ListCommand::queryFromOptions(line(), &error);
    if (!query) {
        finishWithUsage(error);
        return;
    }
    m_feed = new OperationFeed(connection(), this);
    m_feed->setScope(query->scope);
    m_feed->setStatusFilter(query->statuses);
    m_feed->setTypeFilter(query->operationTypes);
    connect(m_feed, &OperationFeed::operationsChanged, this, &WatchCommand::handleChanged);
    connect(m_feed, &OperationFeed::operationsRemoved, this, &WatchCommand::handleRemoved);
    connect(m_feed, &OperationFeed::connectionChanged, this, &WatchCommand::handleFeedState);
    connect(m_feed, &OperationFeed::errorOccurred, this, &WatchCommand::handleFeedError);
    m_feed->start();
    if (m_terminal)
        redraw();
}

void WatchCommand::watchOne(const QString &operationId)
{
    m_follower = new OperationFollower(connection(), this);
    connect(m_follower, &OperationFollower::operationChanged, this, &WatchCommand::handleFollowed);
    connect(m_follower, &OperationFollower::errorOccurred, this, &WatchCommand::handleFollowError);
    m_follower->start(operationId);
}

void WatchCommand::handleChanged(const QList<Operation> &changed)
{
    QList<Operation> ordered = changed;
    // A pipe reads like a log: oldest change first.
    std::sort(ordered.begin(), ordered.end(),
              [](const Operation &a, const Operation &b) { return a.version < b.version; });
    for (const Operation &operation : ordered) {
        m_operations.insert(operation.operationId, operation);
        if (!m_terminal && !printChange(operation)) {
            finish(ExitStatus::Success);
            return;
        }
    }
    if (m_terminal && !m_redrawTimer.isActive())
        m_redrawTimer.start();
}

void WatchCommand::handleRemoved(const QStringList &operationIds)
{
    for (const QString &id : operationIds)
        m_operations.remove(id);
    if (m_terminal && !m_redrawTimer.isActive())
        m_redrawTimer.start();
}

void WatchCommand::handleFeedState(const ConnectionInfo &info)
{
    const ConnectionState state = info.state;
    const QString &reason = info.reason;
    const bool changed = state != m_state || reason != m_stateReason;
    m_state = state;
    m_stateReason = reason;
    if (m_terminal) {
        if (changed && !m_redrawTimer.isActive())
            m_redrawTimer.start();
        return;
    }
    if (state != ConnectionState::Offline) {
        m_toldOffline = false;
    } else if (!m_toldOffline && m_feed->isFirstLoadDone()) {
        m_toldOffline = true;
        console().printError(reason + u" Trying again."_s);
    }
}

void WatchCommand::handleFeedError(const ApiStatus &status)
{
    // Until the first load worked nothing says the address, token or filters are right.
    if (!m_feed->isFirstLoadDone() || endsFollowing(status.category)) {
        m_feed->stop();
        finishWithError(status);
    }
}

void WatchCommand::handleFollowed(const Operation &operation)
{
    m_operations = {{operation.operationId, operation}};
    if (m_terminal)
        redraw();
    else if (!printChange(operation)) {
        finish(ExitStatus::Success);
        return;
    }
    if (operation.isTerminal())
        finish(exitStatusForEnd(operation.status));
}

void WatchCommand::handleFollowError(const ApiStatus &status)
{
    if (!m_follower->operation() || endsFollowing(status.category)) {
        m_follower->stop();
        finishWithError(status);
        return;
    }
    if (!m_toldOffline) {
        m_toldOffline = true;
        console().printError(describe(status) + u" Trying again."_s);
    }
}

bool WatchCommand::printChange(const Operation &operation)
{
    if (console().json())
        return console().printJson(codec::toJson(operation));
    return console().printLine(OperationTable::changeLine(operation));
}

QString WatchCommand::stateLine() const
{
    QString scope;
    if (m_feed)
        scope = u"  scope "_s + scopeToWire(m_feed->query().scope);
    const QString state = m_follower ? (m_follower->isLive() ? u"live"_s : u"polling"_s)
                                     : stateWords(m_state, m_stateReason);
    return u"%1%2  %3  %4 operation(s)  %5"_s
            .arg(endpoint().baseUrl.toDisplayString(), scope, state)
            .arg(m_operations.size())
            .arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s));
}

void WatchCommand::redraw()
{
    if (isFinished())
        return;
    const QSize size = Console::terminalSize();
    QList<Operation> shown = m_operations.values();
    std::sort(shown.begin(), shown.end(), [](const Operation &a, const Operation &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt
                                          : a.operationId < b.operationId;
    });
    const int rows = std::max(1, size.height() - reservedLines);
    const qsizetype hidden = std::max<qsizetype>(0, shown.size() - rows);
    shown = shown.mid(0, rows);

    QString screen = QString::fromLatin1(cursorHome);
    const auto addLine = [&screen](const QString &text) {
        screen += text + QLatin1StringView(clearToLineEnd) + u'\n';
    };
    addLine(stateLine().left(size.width()));
    const QString table = OperationTable::render(shown, size.width());
    for (const QString &row : table.split(u'\n', Qt::SkipEmptyParts))
        addLine(row);
    if (hidden > 0)
        addLine(u"... and %1 more"_s.arg(hidden));
    screen += QLatin1StringView(clearBelow);
    console().print(screen);
}

} // namespace optrack::ctl
