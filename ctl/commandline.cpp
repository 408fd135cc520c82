#include "commandline.h"

#include "helptext.h"

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr auto helpCommand = "help";

/// QCommandLineParser's error as a sentence (it may or may not end with a full stop).
QString asSentence(QString text)
{
    text = text.trimmed();
    if (!text.endsWith(u'.'))
        text += u'.';
    return text;
}

QString commandNames()
{
    QStringList names;
    for (const CommandSpec &spec : commandSpecs())
        names.append(spec.name);
    return names.join(u", "_s);
}

} // namespace

CommandLine CommandLine::usageError(const QString &sentence)
{
    CommandLine line;
    line.m_action = Action::UsageError;
    line.m_error = sentence;
    return line;
}

CommandLine CommandLine::help(const CommandSpec *command)
{
    CommandLine line;
    line.m_action = Action::ShowHelp;
    line.m_command = command;
    line.m_helpText = command ? commandHelp(*command) : generalHelp();
    return line;
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    auto globals = std::make_shared<QCommandLineParser>();
    globals->addOptions(globalOptions());
    // The command's name ends the global options; what follows is read in the second pass.
    globals->setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!globals->parse(arguments))
        return usageError(asSentence(globals->errorText()) + u" See optrackctl --help."_s);

    const QStringList positional = globals->positionalArguments();
    const QString name = positional.value(0);
    if (name == QLatin1String(helpCommand)) {
        const QString topic = positional.value(1);
        if (topic.isEmpty())
            return help(nullptr);
        const CommandSpec *spec = findCommand(topic);
        if (!spec) {
            return usageError(
                    u"There is no command \"%1\". The commands: %2."_s.arg(topic, commandNames()));
        }
        return help(spec);
    }
    const CommandSpec *spec = name.isEmpty() ? nullptr : findCommand(name);
    if (globals->isSet(QString::fromLatin1(option::help)))
        return help(spec);
    if (globals->isSet(QString::fromLatin1(option::version))) {
        CommandLine line;
        line.m_action = Action::ShowVersion;
        return line;
    }
    if (name.isEmpty())
        return usageError(u"No command given. The commands: %1; see optrackctl --help."_s.arg(
                commandNames()));
    if (!spec) {
        return usageError(
                u"There is no command \"%1\". The commands: %2; see optrackctl --help."_s.arg(
                        name, commandNames()));
    }

    CommandLine line;
    line.m_globals = globals;
    line.m_command = spec;
    line.parseCommand(arguments.value(0, u"optrackctl"_s), positional.mid(1));
    return line;
}

void CommandLine::parseCommand(const QString &program, const QStringList &rest)
{
    const CommandSpec &spec = *m_command;
    m_commandParser = std::make_shared<QCommandLineParser>();
    QCommandLineParser &parser = *m_commandParser;
    parser.addOptions(globalOptions());
    parser.addOptions(spec.options);
    if (spec.optionsEndAtFirstArgument)
        parser.setOptionsAfterPositionalArgumentsMode(
                QCommandLineParser::ParseAsPositionalArguments);
    const auto fail = [this, &spec](const QString &sentence) {
        m_action = Action::UsageError;
        m_error = u"%1: %2 See optrackctl %1 --help."_s.arg(spec.name, sentence);
    };
    if (!parser.parse(QStringList{program} + rest)) {
        fail(asSentence(parser.errorText()));
        return;
    }
    if (parser.isSet(QString::fromLatin1(option::help))) {
        *this = help(&spec);
        return;
    }
    for (const QString &required : spec.requiredOptions) {
        if (!parser.isSet(required)) {
            fail(u"--%1 is required."_s.arg(required));
            return;
        }
    }
    m_arguments = parser.positionalArguments();
    const qsizetype count = m_arguments.size();
    if (count < spec.minArguments) {
        fail(u"Missing %1."_s.arg(spec.argumentNames));
        return;
    }
    if (spec.maxArguments != CommandSpec::unlimited && count > spec.maxArguments) {
        fail(u"Unexpected argument \"%1\"."_s.arg(m_arguments.at(spec.maxArguments)));
        return;
    }
    m_action = Action::RunCommand;
}

bool CommandLine::isSet(const char *name) const
{
    return m_commandParser && m_commandParser->isSet(QString::fromLatin1(name));
}

QString CommandLine::value(const char *name) const
{
    return m_commandParser ? m_commandParser->value(QString::fromLatin1(name)) : QString();
}

QStringList CommandLine::values(const char *name) const
{
    return m_commandParser ? m_commandParser->values(QString::fromLatin1(name)) : QStringList();
}

bool CommandLine::globalSet(const char *name) const
{
    return isSet(name) || (m_globals && m_globals->isSet(QString::fromLatin1(name)));
}

QString CommandLine::globalValue(const char *name) const
{
    if (isSet(name))
        return value(name);
    return m_globals ? m_globals->value(QString::fromLatin1(name)) : QString();
}

} // namespace optrack::ctl
