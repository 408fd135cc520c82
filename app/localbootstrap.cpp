#include "localbootstrap.h"

#include "localconfig.h"
#include "localservice.h"
#include "tokenstore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

namespace optrack {

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcLocal)

LocalBootstrap::LocalBootstrap(TokenStore *tokens, LocalService *service, QObject *parent)
    : QObject(parent)
    , m_store(tokens)
    , m_service(service)
{
    connect(service, &LocalService::started, this, &LocalBootstrap::ready);
    connect(service, &LocalService::failed, this, &LocalBootstrap::failed);
}

void LocalBootstrap::run()
{
    m_tokens.clear();
    m_wroteConfig = false;
    m_toRead = LocalConfig::accountIds();
    readNext();
}

void LocalBootstrap::readNext()
{
    if (m_toRead.isEmpty()) {
        handleTokensRead();
        return;
    }
    const QString userId = m_toRead.takeFirst();
    m_store->read(LocalConfig::tokenKey(m_service->dataDir(), userId), this,
                  [this, userId](const std::optional<QString> &token) {
                      if (token && !token->isEmpty())
                          m_tokens.insert(userId, *token);
                      readNext();
                  });
}

void LocalBootstrap::handleTokensRead()
{
    const QString configPath = m_service->configPath();
    const bool complete = m_tokens.size() == LocalConfig::accountIds().size();
    if (complete && LocalConfig::isCurrent(configPath, m_tokens)) {
        startService();
        return;
    }
    // A first start, or tokens lost with the keychain: the service is ours, so new
    // tokens and a new configuration lose nothing (the data stay).
    qCInfo(lcLocal) << (QFileInfo::exists(configPath) ? "renewing" : "writing")
                    << "the local configuration" << configPath;
    m_tokens.clear();
    for (const QString &userId : LocalConfig::accountIds())
        m_tokens.insert(userId, LocalConfig::newToken());
    QString error;
    if (!QDir().mkpath(m_service->dataDir()) || !LocalConfig::write(configPath, m_tokens, &error)) {
        emit failed(error.isEmpty() ? tr("Cannot create the folder %1.").arg(m_service->dataDir())
                                    : error);
        return;
    }
    m_wroteConfig = true;
    m_writesPending = int(m_tokens.size());
    m_writeFailed = false;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it) {
        m_store->write(LocalConfig::tokenKey(m_service->dataDir(), it.key()), it.value(), this,
                       [this](bool stored) {
                           m_writeFailed = m_writeFailed || !stored;
                           if (--m_writesPending == 0)
                               startService();
                       });
    }
}

void LocalBootstrap::startService()
{
    if (m_writeFailed)
        qCWarning(lcLocal) << "some local tokens could not be kept; the next start makes new ones";
    m_service->start();
}

} // namespace optrack
