#include "helptext.h"

#include "exitstatus.h"

#include <QStringList>

#include <utility>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr int lineWidth = 79;
constexpr int optionIndent = 2;
constexpr int commandOptionIndent = 6;
constexpr int descriptionColumn = 30;
constexpr int commandColumn = 14;

/// `text` wrapped at lineWidth. The first line continues one that already holds `column`
/// characters (padded to `indent` when shorter); the next lines start at `indent`.
QString wrap(const QString &text, int indent, int column = 0)
{
    QString out;
    int used = column;
    if (used < indent) {
        out += QString(indent - used, u' ');
        used = indent;
    }
    bool lineHasWord = false;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (lineHasWord && used + 1 + word.size() > lineWidth) {
            out += u'\n' + QString(indent, u' ');
            used = indent;
            lineHasWord = false;
        }
        if (lineHasWord) {
            out += u' ';
            ++used;
        }
        out += word;
        used += int(word.size());
        lineHasWord = true;
    }
    return out + u'\n';
}

QString optionNames(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append(name.size() == 1 ? u"-"_s + name : u"--"_s + name);
    QString label = names.join(u", "_s);
    if (!option.valueName().isEmpty())
        label += u' ' + option.valueName();
    return label;
}

/// Terms and their descriptions, the descriptions in one column.
QString definitions(const QList<std::pair<QString, QString>> &items, int indent,
                    int column = descriptionColumn)
{
    QString out;
    for (const auto &[term, description] : items) {
        const QString label = QString(indent, u' ') + term;
        if (label.size() + 2 <= column)
            out += label + wrap(description, column, int(label.size()));
        else
            out += label + u'\n' + wrap(description, column);
    }
    return out;
}

/// The synopsis wrapped between its words, never inside an optional group ("[--name N]").
QString wrapSynopsis(const QString &synopsis, int indent, int column)
{
    constexpr QChar keep(0x00A0);
    QString joined = synopsis;
    int depth = 0;
    for (QChar &c : joined) {
        if (c == u'[')
            ++depth;
        else if (c == u']')
            --depth;
        else if (c == u' ' && depth > 0)
            c = keep;
    }
    return wrap(joined, indent, column).replace(keep, u' ');
}

QString optionsBlock(const QList<QCommandLineOption> &options, int indent)
{
    QList<std::pair<QString, QString>> items;
    for (const QCommandLineOption &option : options)
        items.append({optionNames(option), option.description()});
    return definitions(items, indent);
}

/// "optrackctl NAME SYNOPSIS", continued lines aligned after the name; the first line is
/// meant to follow `indent` spaces.
QString synopsis(const CommandSpec &command, int indent)
{
    const QString head = u"optrackctl "_s + command.name + u' ';
    return head
            + wrapSynopsis(command.synopsis, indent + int(head.size()), indent + int(head.size()));
}

QString commandBlock(const CommandSpec &command)
{
    // Blank lines between the synopsis, the words and the options: help2man reads each
    // as a paragraph of its own.
    QString out = QString(optionIndent, u' ') + synopsis(command, optionIndent) + u'\n';
    out += wrap(command.description, commandOptionIndent);
    if (!command.options.isEmpty())
        out += u'\n' + optionsBlock(command.options, commandOptionIndent);
    return out;
}

QString globalOptionsSection()
{
    return u"Options (every command):\n"_s + optionsBlock(globalOptions(), optionIndent);
}

QString environmentSection()
{
    return u"Environment:\n"_s
            + definitions({{QString::fromLatin1(environment::server),
                            u"The service's address when --server is not given."_s},
                           {QString::fromLatin1(environment::token),
                            u"The bearer token when --token-file is not given."_s},
                           {QString::fromLatin1(environment::operationId),
                            u"Set by run for COMMAND: the id of its operation, for a COMMAND "
                            u"that reports with optrackctl update itself."_s}},
                          optionIndent);
}

QString exitStatusSection()
{
    QList<std::pair<QString, QString>> statuses;
    for (const ExitStatusDoc &doc : documentedExitStatuses())
        statuses.append({QString::number(doc.code), doc.meaning});
    QString out = u"Exit status:\n"_s + definitions(statuses, optionIndent, commandOptionIndent);
    out += wrap(u"run exits with the status of the command it ran, or 3, 5, 130 or 143 as "
                u"described above; errors before the command starts have the statuses "
                u"listed here."_s,
                optionIndent);
    return out;
}

QString examplesSection()
{
    return u"Examples:\n"
           u"  export OPTRACK_SERVER=http://127.0.0.1:8080 OPTRACK_TOKEN=...\n"
           u"  optrackctl run --type backup.nightly --entity /srv/data -- ./backup.sh\n"
           u"  id=$(optrackctl start --type report.build --entity q3 --step Query)\n"
           u"  optrackctl update \"$id\" --step 1 --progress 40\n"
           u"  optrackctl complete \"$id\" --result '{\"rows\": 1200}'\n"
           u"  optrackctl wait \"$id\" --for approval --timeout 3600 && ./delete-files.sh\n"
           u"  optrackctl watch --scope all | grep failed\n"_s;
}

} // namespace

QString generalHelp()
{
    QString out = u"Usage: optrackctl [OPTIONS] COMMAND [COMMAND OPTIONS] [ARGUMENTS]\n\n"_s;
    out += wrap(u"Reports long-running work to an Optrack service (optrackd) and watches it "
                u"from scripts and terminals: start an operation, report its progress, complete "
                u"or fail it, wait for its approval, run a command as a tracked operation, list "
                u"and watch operations. People follow the same operations in the Optrack app."_s,
                0);
    QList<std::pair<QString, QString>> commands;
    for (const CommandSpec &command : commandSpecs())
        commands.append({command.name, command.summary});
    out += u"\nCommands:\n"_s + definitions(commands, optionIndent, commandColumn);
    out += u"\n"_s + globalOptionsSection();
    out += u"\nCommand details:\n\n"_s;
    for (const CommandSpec &command : commandSpecs())
        out += commandBlock(command) + u'\n';
    out += environmentSection() + u'\n' + exitStatusSection() + u'\n' + examplesSection();
    out += u'\n'
            + wrap(u"See docs/producers.md for the states an operation moves through and the "
                   u"same reports over HTTP."_s,
                   0);
    return out;
}

QString commandHelp(const CommandSpec &command)
{
    const QString usage = u"Usage: "_s;
    QString out = usage + synopsis(command, int(usage.size())) + u'\n';
    out += wrap(command.description, 0);
    if (!command.options.isEmpty())
        out += u"\nOptions:\n"_s + optionsBlock(command.options, optionIndent);
    out += u'\n' + globalOptionsSection();
    return out;
}

} // namespace optrack::ctl
