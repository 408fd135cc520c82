#pragma once

#include <QRegularExpression>
#include <QString>
#include <QStringView>

#include <optional>

namespace optrack::ctl {

/// Turns a command's output lines into progress for `run`: by default "PROGRESS <percent>"
/// and "STEP <n> <text>" lines; with a custom pattern (--progress-regex), whose one capture
/// group is the percentage, any tool's own progress lines (rsync, pv, curl). STEP lines
/// count either way.
class ProgressParser
{
public:
    /// What one line reported; fields it did not mention are unset.
    struct Report
    {
        std::optional<double> percentage;
        std::optional<int> step;
        std::optional<QString> text;

        bool isEmpty() const { return !percentage && !step && !text; }
    };

    ProgressParser();

    /// Uses `pattern` instead of "PROGRESS <n>" lines; false with a sentence when it is not a
    /// valid expression with exactly one capture group.
    bool setPercentagePattern(const QString &pattern, QString *error);

    /// The report in `line` (without its line end); an empty one for other output.
    Report parse(QStringView line) const;

private:
    QRegularExpression m_percentage;
    QRegularExpression m_step;
};

} // namespace optrack::ctl
