#include "benchservice.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

const QByteArray benchToken = "bench-token";
// QNetworkAccessManager opens at most this many connections to one host.
constexpr int connectionsPerManager = 6;
constexpr int fileSizeFactor = 37;
constexpr int httpCreated = 201;

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "bench: %s\n", qPrintable(message));
    std::exit(1);
}

} // namespace

BenchService::BenchService(const QString &parentDir)
    : m_dir(parentDir.isEmpty() ? QDir::tempPath() + u"/optrack-bench-XXXXXX"_s
                                : parentDir + u"/optrack-bench-XXXXXX"_s)
{ }

BenchService::~BenchService()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(startTimeoutMs))
        m_process.kill();
}

double BenchService::residentKib(int settleMs) const
{
    QEventLoop settle;
    QTimer::singleShot(settleMs, &settle, &QEventLoop::quit);
    settle.exec();
    QFile status(u"/proc/%1/status"_s.arg(processId()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble();
    }
    return -1;
}

void BenchService::start()
{
    if (!m_dir.isValid())
        fail(u"no temporary directory"_s);
    const QByteArray hash
            = QCryptographicHash::hash(benchToken, QCryptographicHash::Sha256).toHex();
    QJsonObject config = m_extraConfig;
    config.insert(u"users"_s,
                  QJsonArray{QJsonObject{{u"userId"_s, u"alice"_s},
                                         {u"roles"_s, QJsonArray{u"user"_s, u"staff"_s}},
                                         {u"tokenSha256"_s, QString::fromLatin1(hash)}}});
    QFile file(m_dir.filePath(u"config.json"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) < 0)
        fail(u"cannot write the configuration"_s);
    file.close();
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral(OPTRACKD_PATH),
                    {u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, m_dir.filePath(u"data"_s),
                     u"--config"_s, file.fileName()});
    QElapsedTimer waited;
    waited.start();
    while (!m_process.canReadLine()) {
        if (waited.elapsed() > startTimeoutMs || !m_process.waitForReadyRead(startTimeoutMs))
            fail(u"optrackd did not start: "_s + m_process.errorString());
    }
    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    m_baseUrl = QUrl(line.mid(line.indexOf(u"http"_s)));
    if (!m_baseUrl.isValid() || m_baseUrl.port() <= 0)
        fail(u"unexpected first line from optrackd: "_s + line);
}

QString BenchService::token() const
{
    return QString::fromLatin1(benchToken);
}

QNetworkRequest BenchService::request(const QString &path) const
{
    QNetworkRequest request(m_baseUrl.resolved(QUrl(path)));
    request.setRawHeader("Authorization", "Bearer " + benchToken);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    return request;
}

QJsonObject BenchService::operationBody(int index)
{
    const QString fileName = u"transactions-2026-%1.csv"_s.arg(index);
    return QJsonObject{
            {u"operationType"_s, u"file_upload"_s},
            {u"entityId"_s, u"file_%1"_s.arg(index)},
            {u"displayName"_s, QString(u"Uploading "_s + fileName)},
            {u"context"_s,
             QJsonObject{{u"fileName"_s, fileName}, {u"fileSize"_s, index * fileSizeFactor}}},
            {u"steps"_s,
             QJsonArray{u"Validating rows"_s, u"Storing transactions"_s, u"Indexing"_s}},
    };
}

QStringList BenchService::createOperations(int count, int inFlight, double *rate)
{
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    for (int i = 0; i < (inFlight + connectionsPerManager - 1) / connectionsPerManager; ++i)
        managers.push_back(std::make_unique<QNetworkAccessManager>());
    QStringList ids(count);
    int sent = 0;
    int done = 0;
    QEventLoop loop;
    QElapsedTimer wall;
    wall.start();
    std::function<void(QNetworkAccessManager *)> sendNext = [&](QNetworkAccessManager *manager) {
        if (sent == count)
            return;
        const int index = sent++;
        QNetworkReply *reply
                = manager->post(request(u"/api/operations"_s),
                                QJsonDocument(operationBody(index)).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, manager, index] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != httpCreated)
                fail(u"creating operation %1: %2"_s.arg(index).arg(reply->errorString()));
            ids[index] = QJsonDocument::fromJson(reply->readAll())
                                 .object()
                                 .value(u"operationId"_s)
                                 .toString();
            if (++done == count)
                loop.quit();
            else
                sendNext(manager);
        });
    };
    for (int i = 0; i < std::min(inFlight, count); ++i)
        sendNext(managers[std::size_t(i) % managers.size()].get());
    if (count > 0)
        loop.exec();
    if (rate)
        *rate = double(count) * 1e9 / double(wall.nsecsElapsed());
    return ids;
}
