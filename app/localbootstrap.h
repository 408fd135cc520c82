#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

namespace optrack {

class LocalService;
class TokenStore;

/// Brings up the embedded service: reads the local accounts' tokens from the token
/// store; on the first run (or when a token went missing) makes new ones, writes the
/// configuration with their SHA-256 and keeps the tokens; then starts the service.
/// Everything is asynchronous; ready() or failed() ends it.
class LocalBootstrap final : public QObject
{
    Q_OBJECT

public:
    LocalBootstrap(TokenStore *tokens, LocalService *service, QObject *parent = nullptr);

    void run();
    /// userId -> token of every local account, once ready().
    QHash<QString, QString> tokens() const { return m_tokens; }
    /// True when this run wrote a new configuration (a first start).
    bool wroteConfig() const { return m_wroteConfig; }

signals:
    void ready(const QUrl &baseUrl);
    void failed(const QString &reason);

private:
    void readNext();
    void handleTokensRead();
    void startService();

    QPointer<TokenStore> m_store;
    QPointer<LocalService> m_service;
    QHash<QString, QString> m_tokens;
    QStringList m_toRead;
    int m_writesPending = 0;
    bool m_writeFailed = false;
    bool m_wroteConfig = false;
};

} // namespace optrack
