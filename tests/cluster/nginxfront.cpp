#include "nginxfront.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <unistd.h>

namespace optrack::testing {

using namespace Qt::StringLiterals;

namespace {

// A free port can be taken by someone else between our probe and nginx's bind: try again.
constexpr int portAttempts = 3;
constexpr int connectProbeMs = 200;

// "server HOST:PORT [parameters];" inside the upstream block (not "server {" or server_name).
const QRegularExpression upstreamServerLine(
        u"^([ \\t]*)server[ \\t]+\\S+:\\d+((?:[ \\t]+[^;\\s]+)*)[ \\t]*;[^\\n]*\\n?"_s,
        QRegularExpression::MultilineOption);
const QRegularExpression listenLine(u"^([ \\t]*)listen[ \\t]+[^;]+;[^\\n]*\\n?"_s,
                                    QRegularExpression::MultilineOption);

// Replaces the first match with replacement and drops the others; false when none matched.
bool replaceAll(QString *text, const QRegularExpression &pattern,
                const std::function<QString(const QRegularExpressionMatch &)> &replacement)
{
    QRegularExpressionMatchIterator it = pattern.globalMatch(*text);
    QList<QRegularExpressionMatch> matches;
    while (it.hasNext())
        matches.append(it.next());
    if (matches.isEmpty())
        return false;
    for (qsizetype i = matches.size() - 1; i >= 0; --i) {
        const QRegularExpressionMatch &match = matches.at(i);
        text->replace(match.capturedStart(), match.capturedLength(),
                      i == 0 ? replacement(match) : QString());
    }
    return true;
}

} // namespace

NginxFront::NginxFront(QObject *parent)
    : QObject(parent)
    , m_dir(u"/tmp/ngx-XXXXXX"_s)
{ }

NginxFront::~NginxFront()
{
    stop();
}

QByteArray NginxFront::shippedConfig()
{
    QFile file(QStringLiteral(OPTRACK_NGINX_CONF));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray NginxFront::configFor(const QByteArray &shipped, const QList<quint16> &upstreamPorts,
                                 quint16 listenPort, QString *error)
{
    QString text = QString::fromUtf8(shipped);
    const bool hasServers
            = replaceAll(&text, upstreamServerLine, [&](const QRegularExpressionMatch &match) {
                  QString lines;
                  for (const quint16 port : upstreamPorts)
                      lines += u"%1server 127.0.0.1:%2%3;\n"_s.arg(match.captured(1))
                                       .arg(port)
                                       .arg(match.captured(2));
                  return lines;
              });
    if (!hasServers) {
        *error = u"%1 has no \"server HOST:PORT ...;\" line in an upstream block"_s.arg(
                QStringLiteral(OPTRACK_NGINX_CONF));
        return {};
    }
    const bool hasListen = replaceAll(&text, listenLine, [&](const QRegularExpressionMatch &match) {
        return u"%1listen 127.0.0.1:%2;\n"_s.arg(match.captured(1)).arg(listenPort);
    });
    if (!hasListen) {
        *error = u"%1 has no listen line"_s.arg(QStringLiteral(OPTRACK_NGINX_CONF));
        return {};
    }
    return text.toUtf8();
}

quint16 NginxFront::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool NginxFront::writeFiles(const QList<quint16> &upstreamPorts, quint16 port)
{
    const QByteArray site = configFor(shippedConfig(), upstreamPorts, port, &m_errorString);
    if (site.isEmpty())
        return false;
    const QString dir = m_dir.path();
    // As root nginx would run its workers as nobody, who may not write the temporary files
    // (request bodies) into this 0700 directory.
    const QByteArray user = geteuid() == 0 ? "user root;\n" : "";
    const QByteArray main = user
            + "worker_processes 1;\n"
              "events { worker_connections 1024; }\n"
              "http {\n"
              "    access_log "
            + dir.toUtf8()
            + "/access.log;\n"
              "    client_body_temp_path body;\n"
              "    proxy_temp_path proxy;\n"
              "    fastcgi_temp_path fastcgi;\n"
              "    uwsgi_temp_path uwsgi;\n"
              "    scgi_temp_path scgi;\n"
              "    include site.conf;\n"
              "}\n";
    for (const auto &[name, content] : {std::pair{u"site.conf"_s, site}, {u"nginx.conf"_s, main}}) {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0) {
            m_errorString = u"Could not write %1: %2"_s.arg(file.fileName(), file.errorString());
            return false;
        }
    }
    return true;
}

bool NginxFront::start(const QList<quint16> &upstreamPorts)
{
    if (!QFileInfo(program).isExecutable()) {
        m_errorString = u"%1 is missing: install nginx-light (scripts/setup)."_s.arg(program);
        return false;
    }
    if (!m_dir.isValid()) {
        m_errorString = u"Could not create a temporary directory."_s;
        return false;
    }
    for (int attempt = 0; attempt < portAttempts; ++attempt) {
        if (startOn(upstreamPorts, freePort()))
            return true;
    }
    return false;
}

bool NginxFront::startOn(const QList<quint16> &upstreamPorts, quint16 port)
{
    stop();
    if (port == 0 || !writeFiles(upstreamPorts, port))
        return false;
    m_port = port;
    const QString dir = m_dir.path();
    m_process = std::make_unique<QProcess>();
    // nginx's error log goes into the test's output, where a failure is read.
    m_process->setProcessChannelMode(QProcess::ForwardedChannels);
    m_process->start(program,
                     {u"-p"_s, dir + u'/', u"-c"_s, m_dir.filePath(u"nginx.conf"_s), u"-g"_s,
                      u"daemon off; pid %1/nginx.pid; error_log stderr;"_s.arg(dir)});
    if (!m_process->waitForStarted(startTimeoutMs)) {
        m_errorString = u"Could not start %1: %2"_s.arg(program, m_process->errorString());
        return false;
    }
    const bool settled
            = QTest::qWaitFor([this] { return !isRunning() || accepts(); }, startTimeoutMs);
    if (settled && isRunning())
        return true;
    m_errorString = isRunning()
            ? u"nginx accepted no connection on port %1 within %2 ms"_s.arg(m_port).arg(
                    startTimeoutMs)
            : u"nginx exited with code %1 (its log is above)"_s.arg(m_process->exitCode());
    stop();
    return false;
}

bool NginxFront::accepts() const
{
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, m_port);
    return probe.waitForConnected(connectProbeMs);
}

void NginxFront::stop()
{
    if (!isRunning())
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(stopTimeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(stopTimeoutMs);
    }
}

bool NginxFront::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl NginxFront::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

} // namespace optrack::testing
