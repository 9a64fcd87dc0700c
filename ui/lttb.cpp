#include "lttb.h"

#include <algorithm>
#include <cmath>

namespace orch::ui {

std::vector<QPointF> lttb(std::span<const QPointF> points, std::size_t threshold)
{
    const std::size_t n = points.size();
    if (threshold == 0 || threshold >= n)
        return { points.begin(), points.end() };
    if (threshold == 1)
        return { points.front() };
    if (threshold == 2)
        return { points.front(), points.back() };

    std::vector<QPointF> sampled;
    sampled.reserve(threshold);
    sampled.push_back(points.front());

    // Buckets over points[1 .. n-2]; bucket i is [floor(i * every) + 1, floor((i + 1) * every) + 1).
    const double every = double(n - 2) / double(threshold - 2);
    std::size_t a = 0; // the point kept from the previous bucket
    for (std::size_t i = 0; i < threshold - 2; ++i) {
        // The next bucket's mean (the last point for the last bucket).
        std::size_t nextStart = std::size_t(std::floor(double(i + 1) * every)) + 1;
        std::size_t nextEnd = std::min<std::size_t>(std::size_t(std::floor(double(i + 2) * every)) + 1, n);
        const bool lastBucket = i + 1 == threshold - 2;
        if (lastBucket) {
            nextStart = n - 1;
            nextEnd = n;
        }
        double avgX = 0;
        double avgY = 0;
        for (std::size_t j = nextStart; j < nextEnd; ++j) {
            avgX += points[j].x();
            avgY += points[j].y();
        }
        const double count = double(nextEnd - nextStart);
        avgX /= count;
        avgY /= count;

        const std::size_t from = std::size_t(std::floor(double(i) * every)) + 1;
        const std::size_t to = lastBucket
            ? n - 1
            : std::min<std::size_t>(std::size_t(std::floor(double(i + 1) * every)) + 1, n - 1);
        const double ax = points[a].x();
        const double ay = points[a].y();
        double maxArea = -1;
        std::size_t chosen = from;
        for (std::size_t j = from; j < to; ++j) {
            // Twice the triangle's area; the factor does not change the choice.
            const double area
                = std::abs((ax - avgX) * (points[j].y() - ay) - (ax - points[j].x()) * (avgY - ay));
            if (area > maxArea) {
                maxArea = area;
                chosen = j;
            }
        }
        sampled.push_back(points[chosen]);
        a = chosen;
    }
    sampled.push_back(points.back());
    return sampled;
}

std::span<const QPointF> visibleSlice(std::span<const QPointF> points, double minX, double maxX)
{
    if (points.empty() || maxX < minX)
        return {};
    auto byX = [](const QPointF& p, double x) { return p.x() < x; };
    auto first = std::lower_bound(points.begin(), points.end(), minX, byX);
    auto last = std::upper_bound(points.begin(), points.end(), maxX,
                                 [](double x, const QPointF& p) { return x < p.x(); });
    if (first != points.begin())
        --first;
    if (last != points.end())
        ++last;
    return points.subspan(std::size_t(first - points.begin()), std::size_t(last - first));
}

} // namespace orch::ui
