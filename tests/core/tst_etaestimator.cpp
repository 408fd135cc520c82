#include "etaestimator.h"

#include <QTest>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 startMsecs = 1'800'000'000'000;
constexpr qint64 tenSecondsMsecs = 10'000;

struct Sample
{
    qint64 atMsecs;
    double progress;
};

using Samples = QList<Sample>;

EtaEstimator estimatorWith(const Samples &samples)
{
    EtaEstimator estimator;
    for (const Sample &sample : samples)
        estimator.addSample(sample.atMsecs, sample.progress);
    return estimator;
}

/// 10 % every 10 seconds from start: 1 % per second.
Samples steadySamples(int count)
{
    Samples samples;
    for (int i = 0; i < count; ++i)
        samples.append({startMsecs + i * tenSecondsMsecs, 10.0 * i});
    return samples;
}

} // namespace

Q_DECLARE_METATYPE(Samples)

class tst_EtaEstimator final : public QObject
{
    Q_OBJECT

private slots:
    void describe_data();
    void describe();
    void describeLeft_data();
    void describeLeft();
    void nothingToGoOn();
    void steadyRate();
    void historyOnly_data();
    void historyOnly();
    void blendLiesBetween_data();
    void blendLiesBetween();
    void progressGoingBackResetsRate();
    void stalledWithoutHistory_data();
    void stalledWithoutHistory();
    void stalledFallsBackOnHistory();
    void oldSamplesLeaveTheWindow();
    void resetForgetsSamples();
};

void tst_EtaEstimator::describe_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << qint64(0) << u"0 seconds"_s;
    QTest::newRow("1") << qint64(1) << u"1 second"_s;
    QTest::newRow("45 (contract)") << qint64(45) << u"45 seconds"_s;
    QTest::newRow("59") << qint64(59) << u"59 seconds"_s;
    QTest::newRow("60") << qint64(60) << u"about 1 minute"_s;
    QTest::newRow("89") << qint64(89) << u"about 1 minute"_s;
    QTest::newRow("90") << qint64(90) << u"about 2 minutes"_s;
    QTest::newRow("120 (contract)") << qint64(120) << u"about 2 minutes"_s;
    QTest::newRow("3599") << qint64(3599) << u"about 1 hour"_s;
    QTest::newRow("3600") << qint64(3600) << u"about 1 hour"_s;
    QTest::newRow("4200 (contract)") << qint64(4200) << u"about 1 hour 10 minutes"_s;
    QTest::newRow("7200") << qint64(7200) << u"about 2 hours"_s;
    QTest::newRow("7260") << qint64(7260) << u"about 2 hours 1 minute"_s;
    QTest::newRow("negative") << qint64(-5) << u"0 seconds"_s;
}

void tst_EtaEstimator::describe()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(EtaEstimator::describe(seconds), text);
}

void tst_EtaEstimator::describeLeft_data()
{
    QTest::addColumn<std::optional<qint64>>("seconds");
    QTest::addColumn<std::optional<QString>>("serviceWords");
    QTest::addColumn<QString>("text");
    using Words = std::optional<QString>;
    using Seconds = std::optional<qint64>;
    QTest::newRow("minutes") << Seconds(120) << Words() << u"about 2 minutes left"_s;
    QTest::newRow("seconds") << Seconds(45) << Words() << u"45 seconds left"_s;
    QTest::newRow("one second") << Seconds(1) << Words() << u"1 second left"_s;
    // The estimate ran out while the work goes on: never "0 seconds".
    QTest::newRow("zero") << Seconds(0) << Words() << u"almost done"_s;
    QTest::newRow("overdue") << Seconds(-3) << Words() << u"almost done"_s;
    // The seconds win over the service's words; the words serve when they are all there is.
    QTest::newRow("seconds over words")
            << Seconds(90) << Words(u"about 1 minute"_s) << u"about 2 minutes left"_s;
    QTest::newRow("words only") << Seconds() << Words(u"about 3 hours"_s)
                                << u"about 3 hours left"_s;
    QTest::newRow("nothing") << Seconds() << Words() << QString();
    QTest::newRow("empty words") << Seconds() << Words(QString()) << QString();
}

void tst_EtaEstimator::describeLeft()
{
    QFETCH(std::optional<qint64>, seconds);
    QFETCH(std::optional<QString>, serviceWords);
    QFETCH(QString, text);
    QCOMPARE(EtaEstimator::describeLeft(seconds, serviceWords), text);
    if (seconds)
        QCOMPARE(EtaEstimator::describeLeft(*seconds), text);
}

void tst_EtaEstimator::nothingToGoOn()
{
    EtaEstimator estimator;
    QVERIFY(estimator.isEmpty());
    QCOMPARE(estimator.estimateSeconds(), std::nullopt);
    QCOMPARE(estimator.observedRate(), std::nullopt);

    // One sample is a position, not a rate.
    estimator.addSample(startMsecs, 40);
    QVERIFY(!estimator.isEmpty());
    QCOMPARE(estimator.observedRate(), std::nullopt);
    QCOMPARE(estimator.estimateSeconds(), std::nullopt);
    // A typical duration of zero or less is no history either.
    QCOMPARE(estimator.estimateSeconds(0.0), std::nullopt);
    QCOMPARE(estimator.estimateSeconds(-10.0), std::nullopt);
}

void tst_EtaEstimator::steadyRate()
{
    // 0, 10, 20, 30 % at 0, 10, 20, 30 s: 1 %/s with 70 % to go.
    const EtaEstimator estimator = estimatorWith(steadySamples(4));
    const std::optional<double> rate = estimator.observedRate();
    QVERIFY(rate);
    QCOMPARE(*rate, 1.0);
    QCOMPARE(estimator.estimateSeconds(), std::optional<qint64>(70));
}

void tst_EtaEstimator::historyOnly_data()
{
    QTest::addColumn<Samples>("samples");
    QTest::addColumn<double>("typicalSeconds");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("no samples") << Samples{} << 300.0 << qint64(300);
    QTest::newRow("one sample at 40%") << Samples{{startMsecs, 40}} << 300.0 << qint64(180);
    QTest::newRow("stalled at 50%") << Samples{{startMsecs, 50}, {startMsecs + tenSecondsMsecs, 50}}
                                    << 200.0 << qint64(100);
}

void tst_EtaEstimator::historyOnly()
{
    QFETCH(Samples, samples);
    QFETCH(double, typicalSeconds);
    QFETCH(qint64, expected);
    const EtaEstimator estimator = estimatorWith(samples);
    QCOMPARE(estimator.estimateSeconds(typicalSeconds), std::optional<qint64>(expected));
}

void tst_EtaEstimator::blendLiesBetween_data()
{
    QTest::addColumn<double>("typicalSeconds");
    // Observed: 70 s to go. History: 30 % of the typical duration.
    QTest::newRow("history slower") << 1000.0;
    QTest::newRow("history faster") << 50.0;
}

void tst_EtaEstimator::blendLiesBetween()
{
    QFETCH(double, typicalSeconds);
    const EtaEstimator estimator = estimatorWith(steadySamples(4));
    const qint64 observed = *estimator.estimateSeconds();
    const auto historical = qint64(typicalSeconds * 0.7);
    QCOMPARE(observed, 70);

    const std::optional<qint64> blended = estimator.estimateSeconds(typicalSeconds);
    QVERIFY(blended);
    QVERIFY2(
            *blended > std::min(observed, historical) && *blended < std::max(observed, historical),
            qPrintable(u"blend %1 not strictly between %2 and %3"_s.arg(*blended).arg(observed).arg(
                    historical)));
}

void tst_EtaEstimator::progressGoingBackResetsRate()
{
    EtaEstimator estimator = estimatorWith(steadySamples(4));
    QCOMPARE(estimator.observedRate(), std::optional<double>(1.0));

    // A step restarted: 30 % falls back to 10 %. The old rate no longer applies.
    const qint64 restartMsecs = startMsecs + 4 * tenSecondsMsecs;
    estimator.addSample(restartMsecs, 10);
    QCOMPARE(estimator.observedRate(), std::nullopt);
    QCOMPARE(estimator.estimateSeconds(), std::nullopt);

    // The new rate is measured from the restart only: 10 % in 20 s is 0.5 %/s, 80 % to go.
    estimator.addSample(restartMsecs + 2 * tenSecondsMsecs, 20);
    QCOMPARE(estimator.observedRate(), std::optional<double>(0.5));
    QCOMPARE(estimator.estimateSeconds(), std::optional<qint64>(160));
}

void tst_EtaEstimator::stalledWithoutHistory_data()
{
    QTest::addColumn<Samples>("samples");
    QTest::newRow("no progress at 0%")
            << Samples{{startMsecs, 0}, {startMsecs + tenSecondsMsecs, 0}};
    QTest::newRow("no progress at 30%") << Samples{{startMsecs, 30},
                                                   {startMsecs + tenSecondsMsecs, 30},
                                                   {startMsecs + 2 * tenSecondsMsecs, 30}};
    QTest::newRow("same instant") << Samples{{startMsecs, 10}, {startMsecs, 20}};
}

void tst_EtaEstimator::stalledWithoutHistory()
{
    QFETCH(Samples, samples);
    const EtaEstimator estimator = estimatorWith(samples);
    QCOMPARE(estimator.estimateSeconds(), std::nullopt);
}

void tst_EtaEstimator::stalledFallsBackOnHistory()
{
    const EtaEstimator estimator
            = estimatorWith({{startMsecs, 30}, {startMsecs + tenSecondsMsecs, 30}});
    QCOMPARE(estimator.observedRate(), std::optional<double>(0.0));
    QCOMPARE(estimator.estimateSeconds(100.0), std::optional<qint64>(70));
}

void tst_EtaEstimator::oldSamplesLeaveTheWindow()
{
    // Fast at first (1 %/s for 30 s), then slow for five minutes (0.1 %/s):
    // only the recent, slow rate should count.
    constexpr qint64 minuteMsecs = 60'000;
    Samples samples = steadySamples(4);
    double progress = 30;
    qint64 at = samples.last().atMsecs;
    for (int i = 0; i < 5; ++i) {
        at += minuteMsecs;
        progress += 6;
        samples.append({at, progress});
    }
    const EtaEstimator estimator = estimatorWith(samples);
    const std::optional<double> rate = estimator.observedRate();
    QVERIFY(rate);
    QCOMPARE(*rate, 0.1);
    QCOMPARE(estimator.estimateSeconds(), std::optional<qint64>(400));
}

void tst_EtaEstimator::resetForgetsSamples()
{
    EtaEstimator estimator = estimatorWith(steadySamples(3));
    QVERIFY(estimator.estimateSeconds());
    estimator.reset();
    QVERIFY(estimator.isEmpty());
    QCOMPARE(estimator.estimateSeconds(), std::nullopt);
}

QTEST_GUILESS_MAIN(tst_EtaEstimator)
#include "tst_etaestimator.moc"
