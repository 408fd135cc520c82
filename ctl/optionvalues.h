#pragma once

#include "operationquery.h"
#include "operationstatus.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace optrack::ctl {

/// Reading option values: each returns std::nullopt with a sentence naming the option
/// when the value is not usable, so every command refuses bad input the same way.
namespace optionvalue {

std::optional<int> wholeNumber(const QString &option, const QString &value, int minimum,
                               int maximum, QString *error);
std::optional<double> percentage(const QString &option, const QString &value, QString *error);
/// KEY=VALUE pairs; a value that reads as a JSON number, true, false or null keeps that
/// type, anything else is text.
std::optional<QJsonObject> context(const QStringList &pairs, QString *error);
/// Any JSON value: an object, an array, a number, true/false/null or a "string".
std::optional<QJsonValue> json(const QString &option, const QString &value, QString *error);
/// Comma-separated wire names ("in_progress,failed").
std::optional<QList<OperationStatus>> statuses(const QString &value, QString *error);
/// Comma-separated, empty parts dropped.
QStringList commaList(const QString &value);
std::optional<OperationScope> scope(const QString &value, QString *error);

} // namespace optionvalue
} // namespace optrack::ctl
