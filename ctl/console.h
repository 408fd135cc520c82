#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QSize>
#include <QString>

namespace optrack::ctl {

/// Where optrackctl writes: results on stdout, one sentence per problem on stderr
/// ("optrackctl: ..."). Writes go straight to the file descriptors, unbuffered, so they
/// keep their order with the output `run` passes through from its command. A closed
/// pipe loses the output but never stops the program (run still reports the end).
class Console
{
public:
    static constexpr QSize fallbackTerminalSize{80, 24};

    explicit Console(bool json = false);

    /// --json: results as the service's JSON, one object per line.
    bool json() const { return m_json; }

    /// Each returns false when stdout's reader has gone (a closed pipe).
    bool print(const QString &text) const;
    bool printLine(const QString &line) const;
    /// One compact JSON object and a newline.
    bool printJson(const QJsonObject &object) const;
    /// "optrackctl: <sentence>" on stderr.
    void printError(const QString &sentence) const;

    /// Whether stdout is a terminal (watch redraws in place there).
    static bool isTerminal();
    static bool isInputTerminal();
    /// Whether stdout is a pipe whose reader has gone (`watch | head -3` once head ended);
    /// noticed without writing.
    static bool outputClosed();
    /// Columns and rows of the terminal on stdout; fallbackTerminalSize when unknown.
    static QSize terminalSize();
    /// Writes all of `bytes` to `fd` (1 or 2), retrying short writes; false when the
    /// reader has gone.
    static bool writeAll(int fd, QByteArrayView bytes);

    static constexpr int standardOutput = 1;
    static constexpr int standardError = 2;

private:
    bool m_json = false;
};

} // namespace optrack::ctl
