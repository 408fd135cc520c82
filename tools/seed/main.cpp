// optrack-seed: writes an optrackd data directory with many operations directly, through the
// service's own SQLite store (its schema, its migrations, its writer), for the benchmarks and
// tests that need a large retention (issue 16: 100,000 or 1,000,000 operations) without a
// million requests. Never installed.

#include "operationseeder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace optrack;
using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"optrack-seed"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Writes N operations into an optrackd data directory (optrack.db), as the service "
            "stores them. Most are finished (completed, failed, cancelled, denied), spread "
            "over the last days; a few are live (pending, in progress, waiting for approval)."_s);
    parser.addHelpOption();
    const QCommandLineOption dataDirOption(u"data-dir"_s, u"The data directory to write."_s,
                                           u"DIR"_s);
    const QCommandLineOption countOption(u"operations"_s, u"How many operations (100000)."_s,
                                         u"N"_s, u"100000"_s);
    const QCommandLineOption ownersOption(
            u"owners"_s, u"Owners user1..userK; the first is \"alice\" (50)."_s, u"K"_s, u"50"_s);
    const QCommandLineOption liveOption(u"live"_s, u"Operations not finished (1000)."_s, u"N"_s,
                                        u"1000"_s);
    const QCommandLineOption daysOption(
            u"days"_s, u"Spread creation over this many days before now (20)."_s, u"D"_s, u"20"_s);
    parser.addOptions({dataDirOption, countOption, ownersOption, liveOption, daysOption});
    parser.process(app);

    QTextStream err(stderr);
    if (!parser.isSet(dataDirOption)) {
        err << "optrack-seed: --data-dir is required\n";
        return 2;
    }
    SeedPlan plan;
    bool ok = true;
    const auto number = [&](const QCommandLineOption &option) {
        bool read = false;
        const qint64 value = parser.value(option).toLongLong(&read);
        ok = ok && read && value >= 0;
        return value;
    };
    plan.operations = number(countOption);
    plan.owners = int(number(ownersOption));
    plan.live = number(liveOption);
    plan.days = int(number(daysOption));
    if (!ok || plan.owners < 1 || plan.days < 1 || plan.live > plan.operations) {
        err << "optrack-seed: --operations, --owners, --live and --days take whole numbers "
               "(owners and days at least 1, live at most operations)\n";
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    OperationSeeder seeder(parser.value(dataDirOption), plan);
    QString error;
    if (!seeder.run(&error)) {
        err << "optrack-seed: " << error << '\n';
        return 1;
    }
    QTextStream(stdout) << "wrote " << plan.operations << " operations in "
                        << timer.elapsed() / 1000.0 << " s\n";
    return 0;
}
