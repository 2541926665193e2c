// Incident clustering: markers within RADIUS px of one another on screen are drawn as one
// numbered marker (coloured by the highest priority in it) when at least CLUSTER_MIN gather; none
// from CLUSTER_UNTIL_ZOOM in. Units are never clustered (they sit above incidents), nor is the
// selected incident.
export const RADIUS = 40; export const CLUSTER_MIN = 3; export const CLUSTER_UNTIL_ZOOM = 18;

// The clusterer, without Leaflet (the node tests run it): points [{x, y, ...}] in screen pixels
// -> groups. Each point not yet taken, in the order given, gathers every point not yet taken
// within `radius` of it (looked up in a grid of radius-sized cells, so 300 points cost little).
export function clusterPoints(points, radius = RADIUS) {
  const cellOf = (p) => [Math.floor(p.x / radius), Math.floor(p.y / radius)];
  const grid = new Map();
  for (const p of points) {
    const key = cellOf(p).join(':');
    const members = grid.get(key);
    if (members) members.push(p); else grid.set(key, [p]);
  }
  const taken = new Set(); const groups = [];
  for (const seed of points) {
    if (taken.has(seed)) continue;
    const [cx, cy] = cellOf(seed); const group = [];
    for (let dx = -1; dx <= 1; dx += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (const p of grid.get(`${cx + dx}:${cy + dy}`) || []) {
          if (!taken.has(p) && (p.x - seed.x) ** 2 + (p.y - seed.y) ** 2 <= radius ** 2) { taken.add(p); group.push(p); }
        }
      }
    }
    groups.push(group);
  }
  return groups;
}
