#pragma once

#include <memory>
#include <vector>

#include <QFutureWatcher>
#include <QObject>
#include <QPointF>

namespace orch::ui {

// A series' full-resolution points, sorted by x, shared read-only between the GUI thread and the
// thread pool.
using PointData = std::shared_ptr<const std::vector<QPointF>>;

// Downsamples the visible range of several series off the GUI thread (QtConcurrent, LTTB) and
// delivers the result on the GUI thread. Every request gets a new generation; a result whose
// generation is no longer the latest is dropped, so a burst of zooms shows only the last one.
class SeriesDownsampler final : public QObject
{
    Q_OBJECT
public:
    explicit SeriesDownsampler(QObject* parent = nullptr);
    ~SeriesDownsampler() override;

    void setData(std::vector<PointData> series);
    const std::vector<PointData>& data() const { return m_data; }

    // Downsamples [minX, maxX] of every series to at most `maxPoints` points each. Returns the
    // request's generation.
    quint64 request(double minX, double maxX, int maxPoints);
    quint64 generation() const { return m_generation; }
    bool busy() const { return m_running; }

Q_SIGNALS:
    // One list per series, in setData() order.
    void ready(quint64 generation, const QList<QList<QPointF>>& points);

private:
    struct Job
    {
        quint64 generation = 0;
        QList<QList<QPointF>> points;
    };
    void start(quint64 generation, double minX, double maxX, int maxPoints);
    void handleFinished();

    std::vector<PointData> m_data;
    quint64 m_generation = 0;
    bool m_running = false;
    // A request made while a job runs waits here; only the newest is kept.
    struct Pending
    {
        double minX = 0;
        double maxX = 0;
        int maxPoints = 0;
    };
    std::unique_ptr<Pending> m_pending;
    QFutureWatcher<Job>* m_watcher;
};

} // namespace orch::ui
