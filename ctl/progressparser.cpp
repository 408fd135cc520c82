#include "progressparser.h"

#include <algorithm>
#include <cmath>

namespace optrack::ctl {

using namespace Qt::StringLiterals;

namespace {

constexpr double maxPercentage = 100.0;
constexpr int maxStep = 1000;

std::optional<double> readPercentage(QString text)
{
    text = text.trimmed();
    if (text.endsWith(u'%'))
        text.chop(1);
    // Tools in some locales print "45,5".
    text.replace(u',', u'.');
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return std::clamp(value, 0.0, maxPercentage);
}

} // namespace

ProgressParser::ProgressParser()
    : m_percentage(uR"(^\s*PROGRESS\s+([0-9]+(?:[.,][0-9]+)?)\s*%?\s*$)"_s)
    , m_step(uR"(^\s*STEP\s+([0-9]+)(?:\s+(.*?))?\s*$)"_s)
{ }

bool ProgressParser::setPercentagePattern(const QString &pattern, QString *error)
{
    const QRegularExpression expression(pattern);
    if (!expression.isValid()) {
        *error = u"--progress-regex is not a valid regular expression: %1 (at character %2)."_s
                         .arg(expression.errorString())
                         .arg(expression.patternErrorOffset());
        return false;
    }
    if (expression.captureCount() != 1) {
        *error = u"--progress-regex needs exactly one capture group, for the percentage; "
                 u"\"%1\" has %2."_s.arg(pattern)
                         .arg(expression.captureCount());
        return false;
    }
    m_percentage = expression;
    return true;
}

ProgressParser::Report ProgressParser::parse(QStringView line) const
{
    Report report;
    const QRegularExpressionMatch step = m_step.match(line);
    if (step.hasMatch()) {
        bool ok = false;
        const int number = step.capturedView(1).toInt(&ok);
        if (ok && number <= maxStep) {
            report.step = number;
            if (step.hasCaptured(2) && !step.capturedView(2).isEmpty())
                report.text = step.captured(2);
            return report;
        }
    }
    const QRegularExpressionMatch percentage = m_percentage.match(line);
    if (percentage.hasMatch())
        report.percentage = readPercentage(percentage.captured(1));
    return report;
}

} // namespace optrack::ctl
