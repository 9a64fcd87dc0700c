#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <QPointF>

// Downsampling for the console's charts. Pure functions: they run on the thread pool
// (ui/seriesdownsampler.h), never on the GUI thread for large series.
namespace orch::ui {

// Largest-Triangle-Three-Buckets (Sveinn Steinarsson, "Downsampling Time Series for Visual
// Representation", 2013): `threshold` points of `points` (sorted by x) that keep the line's
// visual shape. The first and the last point are always kept; the points between are cut into
// threshold - 2 buckets of (nearly) equal size, and each bucket keeps the point forming the
// largest triangle with the point kept from the previous bucket and the mean of the next
// bucket. With threshold >= points.size() or threshold == 0 every point is returned; with
// threshold 1 or 2, the first (and the last) point.
std::vector<QPointF> lttb(std::span<const QPointF> points, std::size_t threshold);

// The points with minX <= x <= maxX of `points` (sorted by x), plus the nearest point outside
// on each side, so that a line drawn from them reaches both edges of the view.
std::span<const QPointF> visibleSlice(std::span<const QPointF> points, double minX, double maxX);

} // namespace orch::ui
