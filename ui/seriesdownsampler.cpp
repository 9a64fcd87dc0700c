#include "seriesdownsampler.h"

#include <QtConcurrent>

#include "lttb.h"

namespace orch::ui {

SeriesDownsampler::SeriesDownsampler(QObject* parent)
    : QObject(parent)
    , m_watcher(new QFutureWatcher<Job>(this))
{
    connect(m_watcher, &QFutureWatcher<Job>::finished, this, [this] { handleFinished(); });
}

SeriesDownsampler::~SeriesDownsampler()
{
    // The job only reads shared data it holds itself; waiting keeps the pool tidy at exit.
    m_watcher->waitForFinished();
}

void SeriesDownsampler::setData(std::vector<PointData> series)
{
    m_data = std::move(series);
    // A job still running on the old data must not be shown.
    ++m_generation;
    m_pending.reset();
}

quint64 SeriesDownsampler::request(double minX, double maxX, int maxPoints)
{
    ++m_generation;
    if (m_running) {
        // One job at a time: a newer request supersedes any waiting one.
        m_pending = std::make_unique<Pending>(Pending { minX, maxX, maxPoints });
        return m_generation;
    }
    start(m_generation, minX, maxX, maxPoints);
    return m_generation;
}

void SeriesDownsampler::start(quint64 generation, double minX, double maxX, int maxPoints)
{
    m_running = true;
    m_watcher->setFuture(QtConcurrent::run([data = m_data, generation, minX, maxX, maxPoints] {
        Job job;
        job.generation = generation;
        job.points.reserve(qsizetype(data.size()));
        for (const PointData& series : data) {
            QList<QPointF> out;
            if (series) {
                const std::span<const QPointF> visible = visibleSlice(*series, minX, maxX);
                const std::vector<QPointF> sampled = lttb(visible, std::size_t(std::max(maxPoints, 3)));
                out = QList<QPointF>(sampled.begin(), sampled.end());
            }
            job.points.append(std::move(out));
        }
        return job;
    }));
}

void SeriesDownsampler::handleFinished()
{
    m_running = false;
    Job job = m_watcher->result();
    if (m_pending) {
        const Pending next = *m_pending;
        m_pending.reset();
        start(m_generation, next.minX, next.maxX, next.maxPoints);
    }
    // Stale: a newer request was made while this one ran.
    if (job.generation == m_generation)
        Q_EMIT ready(job.generation, job.points);
}

} // namespace orch::ui
