// AVL tracks (no DOM, no map: node's tests load it).

// Where a track was at time t (ms): its last point at or before t, or null before its first.
export function positionAt(points, t) {
  let lo = 0, hi = points.length - 1, found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(points[mid].at) <= t) { found = points[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
