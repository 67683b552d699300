#!/usr/bin/env python3
"""Generate the photos of the sample exhibition "Place Matters / Le lieu compte".

Run it from the repository root:

    python scripts/generate_sample_photos.py            # write every photo into content/participants/
    python scripts/generate_sample_photos.py --check    # touch nothing; exit 1 if a file on disk differs
    python scripts/generate_sample_photos.py --only amal-haddad --only l-h   # some participants only

Requires numpy, Pillow and pillow-heif (``pip install numpy pillow pillow-heif``); PyYAML,
if present, is used to cross-check the participant.yaml files. A full run takes a few
minutes (48 files, about 16 MB).

Every picture is painted procedurally (sky gradients, value-noise clouds, ground
planes in perspective, silhouettes, soft light, depth of field, sensor grain)
from a fixed seed, so the output is the same bytes on every run with the same
library versions. The participants and their places are fictional.

The files deliberately look like what participants hand over in a real
Photovoice project, so the site generator can be tested against them:

* camera file names (``PXL_20230617_143047902.jpg``, ``DSC04127.JPG``,
  ``IMG_4512.HEIC``, ``Screenshot_20240117-064512.png`` ...; PXL_ names carry UTC
  time, the others local time, as on the real devices), which must never appear
  in the built site;
* full EXIF: Make/Model, DateTimeOriginal, BodySerialNumber, Software and a GPS
  block near the participant's city (for one anonymous participant, the GPS
  of a photo taken from her own balcony), all of which must be stripped;
* EXIF Orientation 6 and 8 on portrait photos, stored sideways as phones do:
  after ``ImageOps.exif_transpose`` the picture is upright (checked below);
* one HEIC (iPhone) and one PNG screenshot carrying a tEXt ``Author`` chunk;
* one bystander's face, painted at a known place and covered by the ``redact``
  region of its participant.yaml (check_yaml() verifies the region still covers
  the box the painter reports).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps, PngImagePlugin

try:
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - reported when a HEIC is needed
    register_heif_opener = None

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "participants"

WORK_MAX = 2016  # scenes are painted at most this large, then scaled up like a phone's ISP would
JPEG_QUALITY = 87


# --------------------------------------------------------------------------------------
# Small numeric toolkit
# --------------------------------------------------------------------------------------


def col(rgb) -> np.ndarray:
    """(r, g, b) in 0..255 -> float32 array in 0..1."""
    return np.asarray(rgb[:3], dtype=np.float32) / 255.0


def mix(a, b, t: float):
    """Blend two 0..255 colours."""
    return tuple(float(x) * (1 - t) + float(y) * t for x, y in zip(a, b))


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _box(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    if r <= 0:
        return a
    n = a.shape[axis]
    pad = [(0, 0)] * a.ndim
    pad[axis] = (r + 1, r)
    c = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis, dtype=np.float32)
    hi = [slice(None)] * a.ndim
    lo = [slice(None)] * a.ndim
    hi[axis] = slice(2 * r + 1, 2 * r + 1 + n)
    lo[axis] = slice(0, n)
    return (c[tuple(hi)] - c[tuple(lo)]) / np.float32(2 * r + 1)


def _conv_small(a: np.ndarray, sigma: float) -> np.ndarray:
    """Separable gaussian with a short kernel, for small radii."""
    r = max(1, int(math.ceil(2.5 * sigma)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2).astype(np.float32)
    k /= k.sum()
    out = a.astype(np.float32, copy=False)
    for axis in (0, 1):
        pad = [(0, 0)] * out.ndim
        pad[axis] = (r, r)
        p = np.pad(out, pad, mode="edge")
        n = out.shape[axis]
        acc = np.zeros_like(out)
        for i, wgt in enumerate(k):
            sl = [slice(None)] * out.ndim
            sl[axis] = slice(i, i + n)
            acc += wgt * p[tuple(sl)]
        out = acc
    return out


def gblur(a: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian-like blur of a float array, HxW or HxWxC."""
    if sigma < 0.4:
        return a
    if sigma <= 2.5:
        return _conv_small(a, sigma)
    if sigma > 6:
        # wide blurs (depth of field, bloom): blur a reduced copy and scale it back up
        f = sigma / 3.0
        h, w = a.shape[:2]
        sw, sh = max(4, int(round(w / f))), max(4, int(round(h / f)))
        chans = [a] if a.ndim == 2 else [a[..., c] for c in range(a.shape[2])]
        out = []
        for c in chans:
            small = _conv_small(_box(_box(resize_f(c, sw, sh), 1, 0), 1, 1), 2.0)
            out.append(resize_f(small, w, h))
        return out[0] if a.ndim == 2 else np.stack(out, axis=-1)
    r = max(1, int(round((math.sqrt(4 * sigma * sigma + 1) - 1) / 2)))
    out = a.astype(np.float32, copy=False)
    for axis in (0, 1):
        for _ in range(3):
            out = _box(out, r, axis)
    return out


def resize_f(a: np.ndarray, w: int, h: int) -> np.ndarray:
    """Bicubic resize of a float32 HxW array."""
    return np.asarray(Image.fromarray(np.ascontiguousarray(a, dtype=np.float32)).resize((w, h), Image.BICUBIC))


# --------------------------------------------------------------------------------------
# Canvas: a float image plus painting helpers. Positions are fractions of the frame
# (x of the width, y of the height); sizes are in units of min(width, height).
# --------------------------------------------------------------------------------------


class Pen:
    """Draws coloured shapes on a transparent layer; Canvas.stamp() composites it."""

    def __init__(self, cv: "Canvas"):
        self.cv = cv
        self.im = Image.new("RGBA", (cv.w, cv.h), (0, 0, 0, 0))
        self.d = ImageDraw.Draw(self.im)

    def P(self, x, y):
        return (x * self.cv.w, y * self.cv.h)

    @staticmethod
    def _c(fill, alpha=255):
        r, g, b = (int(round(max(0, min(255, v)))) for v in fill[:3])
        a = int(fill[3]) if len(fill) > 3 else alpha
        return (r, g, b, a)

    def poly(self, pts, fill):
        self.d.polygon([self.P(*p) for p in pts], fill=self._c(fill))

    def rect(self, x0, y0, x1, y1, fill, r=0.0):
        box = [self.P(x0, y0), self.P(x1, y1)]
        (a, b), (c, d) = box
        box = [(min(a, c), min(b, d)), (max(a, c), max(b, d))]
        if r > 0:
            self.d.rounded_rectangle(box, radius=r * self.cv.u, fill=self._c(fill))
        else:
            self.d.rectangle(box, fill=self._c(fill))

    def ellipse(self, cx, cy, rx, ry, fill):
        """Centre in fractions, radii in size units."""
        px, py = self.P(cx, cy)
        u = self.cv.u
        self.d.ellipse([px - rx * u, py - ry * u, px + rx * u, py + ry * u], fill=self._c(fill))

    def line(self, pts, fill, width):
        self.d.line([self.P(*p) for p in pts], fill=self._c(fill), width=max(1, int(round(width * self.cv.u))), joint="curve")

    def arc(self, cx, cy, rx, ry, start, end, fill, width):
        px, py = self.P(cx, cy)
        u = self.cv.u
        self.d.arc([px - rx * u, py - ry * u, px + rx * u, py + ry * u], start, end, fill=self._c(fill),
                   width=max(1, int(round(width * u))))


class Canvas:
    def __init__(self, w: int, h: int, seed: int):
        self.w, self.h = w, h
        self.u = float(min(w, h))
        self.rng = np.random.default_rng(seed)
        self.img = np.zeros((h, w, 3), np.float32)
        self.Y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
        self.X = np.linspace(0, 1, w, dtype=np.float32)[None, :]
        self._tex: dict[float, np.ndarray] = {}
        self.face_box: tuple[float, float, float, float] | None = None

    # ---- randomness -------------------------------------------------------------------
    def r(self, a=0.0, b=1.0) -> float:
        return float(self.rng.uniform(a, b))

    def ri(self, a, b) -> int:
        return int(self.rng.integers(a, b))

    def pick(self, seq):
        return seq[int(self.rng.integers(0, len(seq)))]

    def jitter(self, rgb, amount=12.0):
        return tuple(v + self.r(-amount, amount) for v in rgb[:3])

    def sx(self, size):  # size units -> fraction of width
        return size * self.u / self.w

    def sy(self, size):  # size units -> fraction of height
        return size * self.u / self.h

    # ---- noise ------------------------------------------------------------------------
    def noise(self, scale=0.2, octaves=5, persistence=0.5, stretch=1.0, h=None, w=None):
        """Fractal value noise, zero mean, unit deviation. scale = largest feature, in widths."""
        h = h or self.h
        w = w or self.w
        out = np.zeros((h, w), np.float32)
        amp, tot = 1.0, 0.0
        for o in range(octaves):
            cw = max(scale * w / 2**o, 2.0)
            ch = max(cw / stretch, 2.0)
            gw = int(math.ceil(w / cw)) + 3
            gh = int(math.ceil(h / ch)) + 3
            grid = self.rng.random((gh, gw), dtype=np.float32)
            big = resize_f(grid, int(gw * cw), int(gh * ch))
            ox = self.ri(0, max(1, int(cw)))
            oy = self.ri(0, max(1, int(ch)))
            out += amp * big[oy:oy + h, ox:ox + w]
            tot += amp
            amp *= persistence
        out /= tot
        out -= out.mean()
        out /= out.std() + 1e-6
        return out

    def tex(self, scale=0.01, box=None):
        """A cached noise field at a random wrap-around offset, so repeated use does not show.

        box = (x0, y0, x1, y1) in pixels returns just that region."""
        scale = max(scale, 0.008)  # finer than this reads as sandpaper, not as a surface
        if scale not in self._tex:
            self._tex[scale] = self.noise(scale, octaves=2)
        t = self._tex[scale]
        oy, ox = self.ri(0, self.h), self.ri(0, self.w)
        x0, y0, x1, y1 = box if box is not None else (0, 0, self.w, self.h)
        rows = (np.arange(y0, y1) + oy) % self.h
        cols = (np.arange(x0, x1) + ox) % self.w
        return t[rows[:, None], cols[None, :]]

    def noise1d(self, cells=6, octaves=5, persistence=0.5):
        """A smooth random curve over x, roughly in -1..1."""
        x = np.linspace(0, 1, self.w, dtype=np.float32)
        out = np.zeros(self.w, np.float32)
        amp, tot = 1.0, 0.0
        for o in range(octaves):
            k = cells * 2**o
            pts = self.rng.random(k + 2).astype(np.float32) * 2 - 1
            t = x * k
            i = np.floor(t).astype(int)
            f = t - i
            f = f * f * (3 - 2 * f)
            out += amp * (pts[i] * (1 - f) + pts[i + 1] * f)
            tot += amp
            amp *= persistence
        return out / tot * 1.6

    # ---- compositing ------------------------------------------------------------------
    def vgrad(self, stops):
        ys = [s[0] for s in stops]
        cs = np.array([col(s[1]) for s in stops])
        yy = self.Y[:, 0]
        g = np.stack([np.interp(yy, ys, cs[:, k]) for k in range(3)], axis=-1).astype(np.float32)
        return g[:, None, :]

    def blend(self, m, color, alpha=1.0):
        """img = img*(1-m) + color*m. color: HxWx3, 1x1x3 or broadcastable."""
        a = (m * alpha)[..., None] if m.ndim == 2 else m * alpha
        self.img += a * (color - self.img)

    def paint(self, m, rgb, tex=0.08, scale=0.01, shade=None, alpha=1.0):
        """Fill mask m with a textured, optionally vertically shaded colour."""
        c = np.broadcast_to(col(rgb), (1, 1, 3)).astype(np.float32)
        f = np.ones((self.h, 1), np.float32)
        if shade is not None:
            y0, y1, f0, f1 = shade
            f = (f0 + (f1 - f0) * np.clip((self.Y - y0) / max(1e-4, (y1 - y0)), 0, 1)).astype(np.float32)
        color = c * f[..., None]
        if tex:
            color = color * (1 + tex * self.tex(scale))[..., None]
        self.blend(m, color, alpha)

    def pen(self) -> Pen:
        return Pen(self)

    def stamp(self, pen: Pen, tex=0.06, scale=0.02, soft=0.6, alpha=1.0, shade=None):
        """Composite a Pen layer (premultiplied, slightly softened for anti-aliasing).

        Returns the layer's coverage (HxW, 0..1)."""
        s = soft * self.u / 1000
        cover = np.zeros((self.h, self.w), np.float32)
        bbox = pen.im.getbbox()
        if bbox is None:
            return cover
        m = int(3 * s) + 2
        x0, y0 = max(0, bbox[0] - m), max(0, bbox[1] - m)
        x1, y1 = min(self.w, bbox[2] + m), min(self.h, bbox[3] + m)
        im = pen.im.crop((x0, y0, x1, y1))
        if s > 0.35:
            # blur premultiplied colour (mode RGBa) so edges do not pick up the transparent black
            im = im.convert("RGBa").filter(ImageFilter.GaussianBlur(s)).convert("RGBA")
        a = np.asarray(im, np.float32) / 255.0
        color, al = a[..., :3], a[..., 3:4]
        if tex:
            color = color * (1 + tex * self.tex(scale, (x0, y0, x1, y1)))[..., None]
        if shade is not None:
            sy0, sy1, f0, f1 = shade
            yy = self.Y[y0:y1]
            color = color * (f0 + (f1 - f0) * np.clip((yy - sy0) / (sy1 - sy0), 0, 1))[..., None]
        region = self.img[y0:y1, x0:x1]
        region += (al * alpha) * (color - region)
        cover[y0:y1, x0:x1] = al[..., 0]
        return cover

    def below(self, curve, soft=1.0):
        """Mask of the region below a per-x curve (y fractions)."""
        return np.clip((self.Y - curve[None, :]) * self.h / soft + 0.5, 0, 1).astype(np.float32)

    def glow(self, x, y, r, rgb, strength=1.0, aspect=1.0):
        """Additive light: a gaussian blob, radius in size units."""
        dx = (self.X - x) * self.w / (r * self.u)
        dy = (self.Y - y) * self.h / (r * self.u * aspect)
        g = np.exp(-(dx * dx + dy * dy)).astype(np.float32)
        self.img += strength * g[..., None] * col(rgb)

    def blur(self, sigma_units):
        self.img = gblur(self.img, sigma_units * self.u / 1000)

    def haze(self, m, rgb, amount):
        self.blend(m, col(rgb), amount)

    # ---- finishing --------------------------------------------------------------------
    def finish(self, vignette=0.35, bloom=0.25, wb=(1.0, 1.0, 1.0), contrast=1.05, lift=0.0):
        img = self.img * np.asarray(wb, np.float32)
        if bloom:
            bright = np.clip(img - 0.75, 0, None)
            img = img + bloom * gblur(bright, 18 * self.u / 1000)
        r2 = ((self.X - 0.5) ** 2 * (self.w / self.u) ** 2 + (self.Y - 0.5) ** 2 * (self.h / self.u) ** 2)
        img = img * (1 - vignette * np.clip(r2 / 0.9, 0, 1.5))[..., None]
        img = 0.5 + (img - 0.5) * contrast + lift
        # soft highlight shoulder, like a phone's tone curve
        k = 0.82
        over = np.clip(img - k, 0, None)
        img = np.where(img > k, k + (1 - k) * (1 - np.exp(-over / (1 - k))), img)
        # lens softness
        img = gblur(img, 0.55 * self.u / 1000)
        return np.clip(img, 0, 1)


# --------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------


def sky(cv: Canvas, stops, clouds=0.4, cloud_rgb=(245, 245, 248), shadow_rgb=(160, 165, 180),
        scale=0.45, cover=0.0, sun=None, stretch=2.2):
    """Gradient sky with soft fractal clouds and an optional sun (x, y, r, rgb, strength)."""
    cv.img[:] = cv.vgrad(stops)
    if sun:
        x, y, r, rgb, s = sun
        cv.glow(x, y, r * 6, rgb, s * 0.35)
        cv.glow(x, y, r * 1.6, rgb, s * 0.6)
    if clouds > 0:
        n = cv.noise(scale, octaves=6, stretch=stretch)
        dens = smoothstep(0.35 - cover, 1.6 - cover, n) * clouds
        lit = n - np.roll(n, int(0.012 * cv.u), axis=0)  # brighter on the sunward (upper) edge
        shade = np.clip(0.55 + 0.9 * lit + 0.25 * (1 - dens), 0, 1.2)[..., None]
        ccol = col(shadow_rgb) + (col(cloud_rgb) - col(shadow_rgb)) * shade
        cv.blend(dens, ccol)
    if sun:
        x, y, r, rgb, s = sun
        d = np.sqrt(((cv.X - x) * cv.w) ** 2 + ((cv.Y - y) * cv.h) ** 2) / (r * cv.u)
        cv.img += (s * np.clip(1.2 - d, 0, 1) ** 0.5)[..., None] * col(rgb)


def hills(cv: Canvas, base, amp, rgb, cells=4, octaves=5, tex=0.08, light=0.5, haze_rgb=None, haze=0.0,
          rough=0.5, darken=0.25, gullies=0.0):
    """A layer of land whose top edge is a fractal ridge; shaded by slope and depth."""
    curve = base - amp * (cv.noise1d(cells, octaves, rough) * 0.5 + 0.5)
    m = cv.below(curve)
    slope = np.gradient(curve) * cv.h / (cv.w / 1000)
    k = max(3, int(cv.w * 0.01))
    slope = np.convolve(np.pad(slope, k, mode="edge"), np.ones(2 * k + 1) / (2 * k + 1), mode="same")[k:-k]
    depth = np.clip((cv.Y - curve[None, :]) / max(amp * 2, 0.05), 0, 1)
    lightf = 1 + (np.clip(1 - light * slope * 0.9, 0.6, 1.4)[None, :] - 1) * np.exp(-depth * 2.5)
    f = lightf * (1 - darken * depth)
    if gullies:
        # relief: a height field whose x-derivative shades the slopes (light from the left)
        hf = gblur(cv.noise(0.14, 5, stretch=1.5, persistence=0.45), 2.0)
        relief = (np.roll(hf, 3, axis=1) - hf) * (1000 / cv.w) * 2
        fade = np.clip((cv.Y - curve[None, :]) * 40, 0, 1)
        f = f * (1 + gullies * 0.9 * np.clip(relief, -0.6, 0.6) * fade)
    c = col(rgb) * f[..., None] * (1 + tex * cv.tex(0.01) * 0.5 + tex * cv.tex(0.002) * 0.5)[..., None]
    if haze:
        c = c + (col(haze_rgb) - c) * haze
    cv.blend(m, c)
    return curve


def ground(cv: Canvas, hy, far_rgb, near_rgb, tex=0.12, vx=0.5, stripes=None, stripe_rgb=None,
           detail=0.02, streak=3.0):
    """A flat ground plane from the horizon hy down, with perspective texture.

    stripes = (frequency, sharpness, strength): furrows / crop rows converging on (vx, hy)."""
    d = np.clip(cv.Y - hy, 1.0 / cv.h, None)
    m = (cv.Y >= hy).astype(np.float32) * np.ones((1, cv.w), np.float32)
    t = np.clip(d / (1 - hy), 0, 1)
    base = cv.vgrad([(0, far_rgb), (hy, far_rgb), (1, near_rgb)])
    base = np.broadcast_to(base, (cv.h, cv.w, 3)).copy()
    u = (cv.X - vx) / d  # lateral coordinate on the ground
    # texture: roughly isotropic blotches close by, flattened streaks towards the horizon
    near = cv.noise(0.05 * detail / 0.02, 4, stretch=1.6)
    far = cv.noise(0.12, 4, stretch=7.0)
    w_near = np.clip(t * 1.6, 0, 1)
    tx = near * w_near + far * (1 - w_near)
    fade = np.clip(t * 4, 0, 1) * 0.7 + 0.3
    base *= (1 + tex * tx * fade)[..., None]
    if stripes:
        freq, sharp, strength = stripes
        s = 0.5 + 0.5 * np.sin(u * freq)
        s = s ** sharp
        period_px = 2 * math.pi / freq * cv.w * d  # stripe period on screen: fade before it aliases
        sfade = np.clip((period_px - 4) / 8, 0, 1) * np.clip(t * 6, 0, 1)
        if stripe_rgb is None:
            base *= (1 - strength * s * sfade)[..., None]
        else:
            base += (s * sfade * strength)[..., None] * (col(stripe_rgb) - base)
    cv.blend(m, base)
    return u, d


def reflect(cv: Canvas, hy, y1=1.0, tint=(60, 70, 80), strength=0.75, ripple=0.006, x0=0.0, x1=1.0, streaks=0.15):
    """Water from hy to y1 mirroring what is painted above it."""
    h, w = cv.h, cv.w
    yy = np.arange(h)[:, None]
    xx = np.arange(w)[None, :]
    hp = hy * h
    n = cv.noise(0.06, 4, stretch=6.0)
    dist = np.clip((yy - hp) / (h - hp), 0, 1)
    dx = (n * ripple * w * (0.3 + dist * 1.2)).astype(np.int32)
    src_y = np.clip((2 * hp - yy + n * ripple * h * 0.6 * (0.2 + dist)).astype(np.int32), 0, h - 1)
    src_x = np.clip(xx + dx, 0, w - 1)
    refl = cv.img[src_y, src_x]
    fres = strength * (0.55 + 0.45 * np.exp(-dist * 4))
    c = col(tint)
    water = c + (refl - c) * fres[..., None]
    st = cv.noise(0.02, 3, stretch=14.0)
    water *= (1 + streaks * st * (0.3 + dist))[..., None]
    m = ((cv.Y >= hy) & (cv.Y <= y1) & (cv.X >= x0) & (cv.X <= x1)).astype(np.float32)
    cv.blend(gblur(m, 0.8), water)
    return m


def conifer(p: Pen, x, base, height, rgb, snow=False, lean=0.0, rng=None, tiers=7, slim=0.32):
    """A spruce/pine silhouette; height in size units."""
    cv = p.cv
    hy = cv.sy(height)
    wx = cv.sx(height * slim)
    pts_l, pts_r = [], []
    for i in range(tiers + 1):
        t = i / tiers
        yy = base - hy * (1 - t) - hy * 0.05
        spread = wx * (0.1 + 0.9 * t) * (0.8 + 0.4 * (rng.random() if rng is not None else 0.5))
        yt = yy - hy * 0.04
        pts_l += [(x - spread * 0.45 + lean * (1 - t) * wx, yt), (x - spread + lean * (1 - t) * wx, yy)]
        pts_r += [(x + spread * 0.45 + lean * (1 - t) * wx, yt), (x + spread + lean * (1 - t) * wx, yy)]
    p.poly([(x + lean * wx, base - hy)] + pts_r + [(x + cv.sx(height * 0.02), base)] + [(x - cv.sx(height * 0.02), base)]
           + pts_l[::-1], rgb)
    if snow:
        for i in range(1, tiers + 1):
            t = i / tiers
            yy = base - hy * (1 - t) - hy * 0.05
            spread = wx * (0.1 + 0.9 * t) * 0.8
            p.poly([(x - spread, yy), (x - spread * 0.3, yy - hy * 0.05), (x + spread * 0.2, yy - hy * 0.045),
                    (x + spread * 0.7, yy)], (235, 240, 248))


def leafy_tree(cv: Canvas, p: Pen, x, base, height, colors, trunk=(60, 48, 40), blobs=40, width=0.55):
    hy = cv.sy(height)
    p.line([(x, base), (x + cv.sx(height * 0.02), base - hy * 0.55)], trunk, height * 0.05)
    cx, cy = x, base - hy * 0.62
    for _ in range(blobs):
        a = cv.r(0, 2 * math.pi)
        rr = cv.r(0, 1) ** 0.6
        bx = cx + math.cos(a) * rr * cv.sx(height * width * 0.5)
        by = cy + math.sin(a) * rr * hy * 0.36
        s = height * cv.r(0.07, 0.16)
        p.ellipse(bx, by, s, s * cv.r(0.7, 1.0), cv.jitter(cv.pick(colors), 10))


def bare_tree(cv: Canvas, p: Pen, x, base, height, rgb, depth=6):
    def branch(x0, y0, ang, length, width, level):
        x1 = x0 + math.cos(ang) * cv.sx(length)
        y1 = y0 - math.sin(ang) * cv.sy(length)
        p.line([(x0, y0), (x1, y1)], rgb, width)
        if level == 0:
            return
        for _ in range(2 if level < depth - 1 else 3):
            branch(x1, y1, ang + cv.r(-0.7, 0.7), length * cv.r(0.6, 0.78), width * 0.62, level - 1)

    branch(x, base, math.pi / 2 + cv.r(-0.08, 0.08), height * 0.33, height * 0.035, depth)


def house(cv: Canvas, p: Pen, x, base, width, height, wall, roof, snow=False, lit=None, door=True, trim=(235, 232, 225)):
    """A gabled house seen from the front; x is the left edge (fraction), sizes in units."""
    w = cv.sx(width)
    h = cv.sy(height)
    rh = cv.sy(width * 0.38)
    p.rect(x, base - h, x + w, base, wall)
    # darker band of siding shadow under the eaves
    p.rect(x, base - h, x + w, base - h * 0.88, mix(wall, (0, 0, 0), 0.25))
    p.poly([(x - w * 0.06, base - h), (x + w / 2, base - h - rh), (x + w * 1.06, base - h)], roof)
    if snow:
        p.poly([(x - w * 0.07, base - h + cv.sy(0.002)), (x + w / 2, base - h - rh - cv.sy(0.004)),
                (x + w * 1.07, base - h + cv.sy(0.002)), (x + w / 2, base - h - rh * 0.78)], (236, 240, 247))
    nwin = 2 if width < 0.25 else 3
    for i in range(nwin):
        wx0 = x + w * (0.12 + i * (0.76 / nwin))
        wy0 = base - h * 0.72
        wc = lit if lit is not None else (70, 80, 95)
        p.rect(wx0 - cv.sx(0.004), wy0 - cv.sy(0.004), wx0 + w * 0.17 + cv.sx(0.004), wy0 + h * 0.32 + cv.sy(0.004), trim)
        p.rect(wx0, wy0, wx0 + w * 0.17, wy0 + h * 0.32, wc)
    if door:
        p.rect(x + w * 0.72, base - h * 0.55, x + w * 0.86, base, mix(wall, (40, 30, 25), 0.6))
    p.rect(x + w * 0.43, base - h - rh * 0.45, x + w * 0.57, base - h - rh * 0.12, lit or (80, 90, 105))


def person(cv: Canvas, p: Pen, x, base, height, clothes, skin=(150, 110, 85), pants=(40, 42, 50), hair=(30, 25, 22),
           arms_up=False, sitting=False, hat=None):
    """A simple human figure (seen at a distance); height in units."""
    h = cv.sy(height)
    w = cv.sx(height)
    legs = 0.0 if sitting else 0.45
    p.rect(x - w * 0.07, base - h * legs, x - w * 0.01, base, pants, r=height * 0.02)
    p.rect(x + w * 0.01, base - h * legs, x + w * 0.07, base, pants, r=height * 0.02)
    top = base - h * (0.82 if not sitting else 0.55)
    p.rect(x - w * 0.11, top, x + w * 0.11, base - h * (legs - 0.02 if not sitting else 0.0), clothes, r=height * 0.05)
    if arms_up:
        p.line([(x - w * 0.1, top + h * 0.04), (x - w * 0.2, top - h * 0.15)], clothes, height * 0.05)
        p.line([(x + w * 0.1, top + h * 0.04), (x + w * 0.2, top - h * 0.15)], clothes, height * 0.05)
    else:
        p.line([(x - w * 0.11, top + h * 0.05), (x - w * 0.13, top + h * 0.33)], clothes, height * 0.045)
        p.line([(x + w * 0.11, top + h * 0.05), (x + w * 0.13, top + h * 0.33)], clothes, height * 0.045)
    p.ellipse(x, top - h * 0.085, height * 0.07, height * 0.085, skin)
    p.ellipse(x, top - h * 0.12, height * 0.072, height * 0.055, hair)
    if hat:
        p.ellipse(x, top - h * 0.14, height * 0.08, height * 0.05, hat)


def face(cv: Canvas, cx, cy, size, skin=(198, 150, 118), hair=(38, 28, 24), shirt=(70, 110, 150)):
    """A bystander close enough to be recognised. Returns the box (fractions) that holds the whole head."""
    p = cv.pen()
    fw = cv.sx(size)  # face half-width, as a fraction of the width
    fh = cv.sy(size * 1.28)  # face half-height, as a fraction of the height
    # torso, shoulders, arms hanging at the sides, hands, trousers from the waist down
    sh_y = cy + fh * 1.9
    waist = sh_y + fh * 6.5
    dark = mix(shirt, (0, 0, 0), 0.22)
    p.rect(cx - fw * 2.0, waist - fh * 0.2, cx + fw * 2.0, 1.05, (52, 56, 64))
    for s_ in (-1, 1):
        p.poly([(cx + s_ * fw * 3.05, sh_y + fh * 0.9), (cx + s_ * fw * 2.25, sh_y + fh * 0.5), (cx + s_ * fw * 2.3, waist + fh * 0.5),
                (cx + s_ * fw * 2.95, waist + fh * 0.6)], dark)
        p.ellipse(cx + s_ * fw * 2.62, waist + fh * 0.95, size * 0.42, size * 0.55, mix(skin, (0, 0, 0), 0.1))
        p.ellipse(cx + s_ * fw * 2.25, sh_y + fh * 0.85, size * 0.85, size * 0.75, shirt)
    p.poly([(cx - fw * 2.35, sh_y + fh * 0.3), (cx + fw * 2.35, sh_y + fh * 0.3), (cx + fw * 2.05, waist), (cx - fw * 2.05, waist)], shirt)
    p.ellipse(cx, sh_y + fh * 0.3, size * 2.2, size * 0.45, shirt)
    p.rect(cx - fw * 0.42, cy + fh * 0.6, cx + fw * 0.42, sh_y + fh * 0.2, mix(skin, (0, 0, 0), 0.22))
    p.poly([(cx - fw * 0.75, sh_y - fh * 0.05), (cx, sh_y + fh * 0.8), (cx + fw * 0.75, sh_y - fh * 0.05)], mix(shirt, (255, 255, 255), 0.12))
    p.poly([(cx - fw * 0.45, sh_y - fh * 0.1), (cx, sh_y + fh * 0.5), (cx + fw * 0.45, sh_y - fh * 0.1)], mix(skin, (0, 0, 0), 0.15))
    # hair mass behind the head, ears, face
    p.ellipse(cx, cy - fh * 0.15, size * 1.12, size * 1.28 * 1.02, hair)
    for s in (-1, 1):
        p.ellipse(cx + s * fw * 0.98, cy + fh * 0.05, size * 0.15, size * 0.25, mix(skin, (0, 0, 0), 0.12))
    p.ellipse(cx, cy + fh * 0.08, size, size * 1.22, skin)
    p.ellipse(cx + fw * 0.15, cy - fh * 0.82, size * 0.95, size * 0.42, hair)
    body = cv.stamp(p, tex=0.03, soft=1.2)
    side = np.clip(np.abs(cv.X - cx) / (fw * 3.0), 0, 1) ** 2 * (cv.Y > cy + fh * 1.6)
    cv.img *= (1 - 0.35 * side * body)[..., None]
    # modelling: light from the left, shadow on the right cheek and under the chin
    cv.glow(cx - fw * 0.4, cy - fh * 0.1, size * 0.8, (70, 50, 35), 0.22)
    p = cv.pen()
    p.ellipse(cx + fw * 0.55, cy + fh * 0.2, size * 0.45, size * 0.9, (*mix(skin, (60, 30, 20), 0.5), 90))
    cv.stamp(p, tex=0, soft=8)
    p = cv.pen()
    for s in (-1, 1):
        ex = cx + s * fw * 0.38
        ey = cy - fh * 0.06
        p.ellipse(ex, ey, size * 0.16, size * 0.075, (225, 215, 205))
        p.ellipse(ex, ey, size * 0.075, size * 0.075, (60, 42, 30))
        p.ellipse(ex, ey, size * 0.035, size * 0.035, (12, 10, 10))
        p.line([(ex - fw * 0.2, ey - fh * 0.16), (ex + fw * 0.18, ey - fh * 0.19)], hair, size * 0.055)
    p.line([(cx + fw * 0.02, cy - fh * 0.02), (cx - fw * 0.06, cy + fh * 0.28), (cx + fw * 0.06, cy + fh * 0.31)],
           mix(skin, (60, 30, 20), 0.35), size * 0.045)
    p.ellipse(cx, cy + fh * 0.5, size * 0.26, size * 0.06, (160, 84, 80))
    p.line([(cx - fw * 0.26, cy + fh * 0.48), (cx, cy + fh * 0.51), (cx + fw * 0.26, cy + fh * 0.47)], (110, 50, 50), size * 0.03)
    cv.stamp(p, tex=0.0, soft=1.4)
    hx0, hx1 = cx - fw * 1.25, cx + fw * 1.25
    hy0, hy1 = cy - fh * 1.3, cy + fh * 1.45
    return (hx0, hy0, hx1 - hx0, hy1 - hy0)


def snowfall(cv: Canvas, n=600, size=(0.6, 2.2), alpha=0.7, seed_shift=0):
    p = cv.pen()
    for _ in range(n):
        x, y = cv.r(), cv.r()
        s = cv.r(*size) / 1000
        p.ellipse(x, y, s, s, (248, 250, 255, int(255 * alpha * cv.r(0.4, 1.0))))
    cv.stamp(p, tex=0, soft=1.2)


def bokeh(cv: Canvas, n, area, colors, size=(0.01, 0.03), alpha=0.35):
    x0, y0, x1, y1 = area
    p = cv.pen()
    for _ in range(n):
        s = cv.r(*size)
        c = cv.pick(colors)
        p.ellipse(cv.r(x0, x1), cv.r(y0, y1), s, s, (*c[:3], int(255 * alpha * cv.r(0.5, 1))))
    cv.stamp(p, tex=0, soft=3.0)


def scribbles(cv: Canvas, p: Pen, x0, y0, x1, y1, rgb, lines=6, width=0.002):
    """Handwriting seen from afar."""
    for i in range(lines):
        y = y0 + (y1 - y0) * (i + 0.5) / lines
        x = x0 + cv.r(0, 0.05) * (x1 - x0)
        end = x1 - cv.r(0, 0.35) * (x1 - x0)
        while x < end:
            wl = cv.r(0.03, 0.12) * (x1 - x0)
            pts = []
            n = 6
            for k in range(n + 1):
                pts.append((x + wl * k / n, y + cv.r(-0.35, 0.35) * (y1 - y0) / lines * 0.6))
            p.line(pts, rgb, width)
            x += wl + cv.r(0.01, 0.03) * (x1 - x0)


# --------------------------------------------------------------------------------------
# Outdoor scenes
# --------------------------------------------------------------------------------------

PALETTES = {
    # name: sky stops top->horizon, cloud colours, sun, land haze
    "summer": dict(sky=[(0, (58, 104, 170)), (0.35, (98, 148, 206)), (1, (196, 214, 228))],
                   cloud=(250, 250, 252), shadow=(150, 160, 180), haze=(190, 205, 220), sun=None),
    "evening": dict(sky=[(0, (62, 88, 150)), (0.45, (160, 150, 170)), (0.85, (238, 170, 120)), (1, (250, 200, 140))],
                    cloud=(255, 196, 150), shadow=(110, 95, 120), haze=(220, 170, 140),
                    sun=(0.72, 0.6, 0.03, (255, 200, 120), 0.9)),
    "dusk": dict(sky=[(0, (28, 38, 80)), (0.5, (92, 88, 138)), (0.9, (226, 130, 96)), (1, (240, 160, 110))],
                 cloud=(210, 120, 110), shadow=(60, 55, 85), haze=(150, 110, 120), sun=None),
    "overcast": dict(sky=[(0, (150, 156, 166)), (1, (206, 210, 214))],
                     cloud=(222, 224, 228), shadow=(150, 154, 162), haze=(200, 204, 210), sun=None),
    "winter_clear": dict(sky=[(0, (70, 118, 186)), (0.6, (140, 178, 220)), (1, (214, 226, 236))],
                         cloud=(246, 248, 252), shadow=(170, 180, 200), haze=(210, 220, 232),
                         sun=(0.25, 0.55, 0.025, (255, 240, 215), 0.7)),
    "winter_dawn": dict(sky=[(0, (26, 40, 84)), (0.55, (84, 100, 150)), (0.9, (232, 150, 120)), (1, (246, 186, 140))],
                        cloud=(220, 140, 130), shadow=(60, 60, 95), haze=(160, 140, 160), sun=None),
    "night": dict(sky=[(0, (8, 12, 28)), (0.7, (28, 36, 66)), (1, (70, 62, 80))],
                  cloud=(70, 66, 80), shadow=(20, 22, 34), haze=(50, 48, 66), sun=None),
    "smoke": dict(sky=[(0, (150, 110, 80)), (0.6, (205, 140, 80)), (1, (226, 170, 110))],
                  cloud=(220, 160, 110), shadow=(150, 100, 70), haze=(210, 150, 100),
                  sun=(0.62, 0.42, 0.035, (255, 90, 40), 1.0)),
    "golden": dict(sky=[(0, (70, 120, 190)), (0.6, (150, 180, 210)), (1, (246, 214, 170))],
                   cloud=(255, 236, 210), shadow=(150, 140, 150), haze=(230, 205, 170),
                   sun=(0.82, 0.5, 0.025, (255, 225, 170), 0.8)),
}


def _sky(cv, pal, hy, clouds=0.5, cover=0.0, scale=0.45, sun_y=None):
    P = PALETTES[pal]
    stops = [(s[0] * hy, s[1]) for s in P["sky"]] + [(1.0, P["sky"][-1][1])]
    sun = P["sun"]
    if sun is not None:
        sun = (sun[0], sun_y if sun_y is not None else sun[1] * hy, *sun[2:])
    sky(cv, stops, clouds=clouds, cloud_rgb=P["cloud"], shadow_rgb=P["shadow"], cover=cover, scale=scale, sun=sun)
    return P


def scene_prairie(cv: Canvas, pal="evening", field="stubble", elevator=True, road=True, snow=False):
    hy = 0.63
    P = _sky(cv, pal, hy, clouds=0.8, cover=0.1, scale=0.5, sun_y=hy * 0.93)
    # distant shelterbelt and farmyard
    p = cv.pen()
    far = mix((70, 80, 70), P["haze"], 0.55)
    curve = hy - cv.sy(0.012) * (0.5 + 0.5 * cv.noise1d(30, 4))
    cv.blend(cv.below(curve) * (cv.Y < hy + 0.01), col(far))
    for _ in range(9):
        x = cv.r(0.0, 1.0)
        leafy_tree(cv, p, x, hy + 0.002, cv.r(0.025, 0.05), [mix((55, 70, 50), P["haze"], 0.5)], blobs=12)
    cv.stamp(p, tex=0.05)
    if elevator:
        p = cv.pen()
        ex = 0.18
        base = hy + 0.004
        red = (150, 52, 40) if pal != "overcast" else (120, 60, 50)
        w, h = cv.sx(0.07), cv.sy(0.22)
        p.rect(ex, base - h, ex + w, base, red)
        p.poly([(ex - w * 0.05, base - h), (ex + w * 0.5, base - h - cv.sy(0.05)), (ex + w * 1.05, base - h)], mix(red, (0, 0, 0), 0.35))
        p.rect(ex + w * 0.3, base - h - cv.sy(0.085), ex + w * 0.7, base - h - cv.sy(0.03), mix(red, (0, 0, 0), 0.2))
        p.poly([(ex + w * 0.25, base - h - cv.sy(0.085)), (ex + w * 0.5, base - h - cv.sy(0.105)), (ex + w * 0.75, base - h - cv.sy(0.085))],
               mix(red, (0, 0, 0), 0.45))
        p.poly([(ex + w, base - h), (ex + w * 1.25, base - h + cv.sy(0.008)), (ex + w * 1.25, base), (ex + w, base)],
               mix(red, (20, 10, 10), 0.45))
        p.rect(ex + w * 1.25, base - h * 0.45, ex + w * 1.8, base, mix(red, (90, 90, 90), 0.5))
        p.rect(ex - w * 0.5, base - h * 0.3, ex, base, (120, 120, 118))
        cv.stamp(p, tex=0.1, scale=0.003, shade=(base - h, base, 1.15, 0.75))
        # the sunward edge catches the light
        if P["sun"] is not None:
            p = cv.pen()
            p.rect(ex + w * 0.85, base - h, ex + w, base, (255, 170, 110, 90))
            cv.stamp(p, tex=0)
    # field
    if snow:
        ground(cv, hy, (205, 212, 226), (238, 240, 246), tex=0.06, stripes=(260, 6, 0.1), detail=0.02)
    elif field == "canola":
        ground(cv, hy, (200, 190, 60), (235, 205, 40), tex=0.25, stripes=(300, 3, 0.2), detail=0.03)
    else:
        ground(cv, hy, (170, 140, 90), (196, 160, 98), tex=0.2, stripes=(110, 3, 0.25), detail=0.03, streak=2.0)
    if P["sun"] is not None:
        cv.img += (0.22 * np.clip(1 - np.abs(cv.X - P["sun"][0]) * 2.2, 0, 1) * (cv.Y > hy))[..., None] * col((255, 170, 90)) \
            * np.clip(1 - (cv.Y - hy) * 3, 0, 1)[..., None]
    if road:
        p = cv.pen()
        vx = 0.62
        p.poly([(vx - 0.002, hy), (vx + 0.002, hy), (0.98, 1.0), (0.46, 1.0)], (160, 142, 118))
        cv.stamp(p, tex=0.04, scale=0.002, shade=(hy, 1, 1.1, 0.9))
        p = cv.pen()  # two wheel tracks
        for off in (0.13, 0.37):
            a, b = 0.46 + off, 0.46 + off + 0.06
            p.poly([(vx - 0.0005, hy), (vx + 0.0005, hy), (b, 1.0), (a, 1.0)], (120, 104, 86, 120))
        cv.stamp(p, tex=0.1, soft=3)
        p = cv.pen()
        for i in range(9):  # power poles receding along the road
            t = 0.92 ** (i * 3)
            x = vx + (1.05 - vx) * t
            y = hy + (1.0 - hy) * t * 0.72
            hh = cv.sy(0.5) * t
            p.line([(x, y), (x, y - hh)], (50, 40, 35), max(0.002, 0.012 * t))
            p.line([(x - cv.sx(0.04) * t, y - hh * 0.95), (x + cv.sx(0.04) * t, y - hh * 0.95)], (50, 40, 35), max(0.0015, 0.008 * t))
        cv.stamp(p, tex=0)
    cv.img *= (0.9 + 0.1 * cv.noise(0.4, 2))[..., None]


def scene_river(cv: Canvas, pal="summer", season="summer", water=(80, 86, 70), banks="grass", bridge=None,
                far="trees", hy=0.5, mud=False, ice=False, people=0, town=False):
    P = _sky(cv, pal, hy, clouds=0.6 if pal != "overcast" else 0.9, cover=0.15)
    haze = P["haze"]
    if far == "hills":
        hills(cv, hy - 0.04, 0.1, mix((150, 130, 100), haze, 0.5), cells=3, haze=0.0, light=0.3)
    tree_cols = {
        "summer": [(52, 78, 44), (70, 96, 52), (40, 62, 38), (88, 110, 60)],
        "autumn": [(180, 110, 40), (200, 150, 50), (150, 70, 35), (90, 100, 50), (170, 60, 30)],
        "winter": [(70, 66, 64), (88, 82, 78)],
    }[season]
    # far bank: a band of trees
    p = cv.pen()
    if town:
        for _ in range(14):
            x = cv.r(0, 1)
            bw, bh = cv.sx(cv.r(0.04, 0.1)), cv.sy(cv.r(0.04, 0.16))
            c = cv.jitter(mix((150, 140, 130), haze, 0.4), 20)
            p.rect(x, hy - bh, x + bw, hy, c)
        cv.stamp(p, tex=0.05)
        p = cv.pen()
    for i in range(int(70 * cv.w / cv.u)):
        x = cv.r(-0.05, 1.05)
        if season == "winter":
            if cv.r() < 0.5:
                conifer(p, x, hy + 0.004, cv.r(0.06, 0.13), mix((40, 60, 50), haze, 0.35), snow=True, rng=cv.rng)
            else:
                bare_tree(cv, p, x, hy + 0.004, cv.r(0.06, 0.12), mix((80, 74, 70), haze, 0.4), depth=5)
        else:
            leafy_tree(cv, p, x, hy + 0.006, cv.r(0.07, 0.14), [mix(c, haze, 0.3) for c in tree_cols], blobs=14)
    cv.stamp(p, tex=0.12, scale=0.004, shade=(hy - 0.15, hy, 1.05, 0.8))
    bank = cv.sy(0.012)
    p = cv.pen()
    p.rect(0, hy - bank * 0.3, 1, hy + bank, mix((90, 80, 60) if season != "winter" else (225, 230, 238), haze, 0.3))
    cv.stamp(p, tex=0.2)
    wy = hy + bank
    if bridge == "arch":
        p = cv.pen()
        deck = wy - cv.sy(0.11)
        c = mix((120, 118, 112), haze, 0.3)
        p.rect(-0.05, deck, 1.05, deck + cv.sy(0.018), c)
        for k in range(5):
            x0 = -0.05 + k * 0.24
            p.arc(x0 + 0.12, deck + cv.sy(0.11), cv.w / cv.u * 0.12, 0.1, 180, 360, c, 0.008)
            p.rect(x0 - 0.006, deck, x0 + 0.006, wy, c)
        p.rect(-0.05, deck - cv.sy(0.012), 1.05, deck - cv.sy(0.009), c)
        cv.stamp(p, tex=0.05)
    # water (reflects everything painted so far)
    tint = water if not ice else (180, 190, 200)
    reflect(cv, wy, 1.0, tint=tint, strength=0.45 if mud else 0.7, ripple=0.004 if not ice else 0.0, streaks=0.12)
    if ice:
        # snow-covered ice with drifts, a few darker wind-swept patches and one open lead
        below = (cv.Y > wy).astype(np.float32)
        lead = smoothstep(1.5, 1.9, cv.noise(0.12, 4, stretch=5.0))
        drift = smoothstep(-0.2, 0.8, cv.noise(0.08, 5, stretch=4.0))
        icec = col((206, 214, 226)) + drift[..., None] * (col((240, 243, 249)) - col((206, 214, 226)))
        icec = icec * (1 + 0.03 * cv.noise(0.2, 3, stretch=3.0))[..., None]
        icec = icec * (0.9 + 0.12 * np.clip((cv.Y - wy) / (1 - wy), 0, 1))[..., None]
        cv.blend(gblur(below * (1 - lead), 1.0), icec)
    if mud:
        # low tide: a meandering channel between glistening mud banks
        below = (cv.Y > wy).astype(np.float32)
        depth = np.clip((cv.Y - wy) / (1 - wy), 0, 1)
        center = 0.52 + 0.1 * np.sin(depth * 4.0 + 0.8) + 0.03 * np.sin(depth * 11.0)
        half = 0.012 + 0.2 * depth ** 1.4
        chan = smoothstep(half + 0.004, half - 0.004, np.abs(cv.X - center))
        mudm = below * (1 - chan)
        base = col((116, 84, 62)) * (1 + 0.05 * cv.noise(0.04, 4, stretch=2.5))[..., None]
        base = base * (0.85 + 0.2 * depth)[..., None]
        wet = smoothstep(0.3, 1.4, cv.noise(0.06, 4, stretch=7.0)) * (0.4 + 0.6 * (1 - depth))
        mcol = base + wet[..., None] * (cv.img - base) * 0.75  # the sky shining in the wet mud
        cv.blend(gblur(mudm, 0.8), mcol)
    # near bank
    nb = 1 - cv.sy(0.06 if banks != "none" else 0.0)
    if banks != "none":
        curve = nb - cv.sy(0.05) * (0.5 + 0.5 * cv.noise1d(3, 5))
        bcol = {"grass": (70, 98, 50), "snow": (226, 230, 238), "mud": (100, 76, 58), "rock": (90, 88, 86)}[banks]
        m = cv.below(curve)
        cv.paint(m, bcol, tex=0.12 if banks == "grass" else 0.05, scale=0.02, shade=(curve.min(), 1, 1.0, 0.75))
        if banks == "grass":
            p = cv.pen()
            for _ in range(900):
                x = cv.r()
                y = float(curve[min(cv.w - 1, int(x * cv.w))]) + cv.r(-0.005, 0.03)
                p.line([(x, y + 0.01), (x + cv.r(-0.004, 0.004), y - cv.r(0.01, 0.04))],
                       cv.jitter((90, 120, 60), 25), 0.0015)
            cv.stamp(p, tex=0.1)
    for i in range(people):
        p = cv.pen()
        x = 0.15 + 0.7 * (i + cv.r(0, 0.5)) / max(1, people)
        person(cv, p, x, nb + 0.02, 0.12 * cv.r(0.85, 1.1), cv.jitter(cv.pick([(40, 60, 90), (120, 40, 50), (70, 70, 72), (150, 110, 60)])))
        cv.stamp(p, tex=0.05, shade=(nb - 0.12, nb, 1.1, 0.8))


def scene_coulee(cv: Canvas, pal="golden", bridge=True, sage=0.5, pines=0, river=True, smoky=False):
    hy = 0.42
    P = _sky(cv, pal, hy, clouds=0.35 if not smoky else 0.6, cover=0.0 if not smoky else 0.3, scale=0.6)
    haze = P["haze"]
    # successive coulee ridges, farther ones hazier
    layers = [
        (hy + 0.02, 0.08, (178, 150, 110), 0.55),
        (hy + 0.09, 0.12, (170, 138, 96), 0.35),
        (hy + 0.2, 0.14, (160, 128, 86), 0.18),
    ]
    curves = []
    for i, (base, amp, rgb, hz) in enumerate(layers):
        hz = min(0.9, hz * (1.6 if smoky else 1.0))
        curves.append(hills(cv, base, amp, rgb, cells=2 + i, octaves=6, rough=0.45, haze_rgb=haze, haze=hz,
                            light=0.9, darken=0.35, gullies=0.8, tex=0.12))
    if river:
        vy = hy + 0.27
        m = (np.abs(cv.Y - vy - 0.02 * cv.noise1d(2, 3)[None, :]) < 0.012).astype(np.float32)
        cv.paint(gblur(m, 1.0), mix((90, 110, 110), haze, 0.3), tex=0.1)
        p = cv.pen()
        for _ in range(60):
            x = cv.r(0, 1)
            leafy_tree(cv, p, x, vy + 0.02, cv.r(0.03, 0.06), [mix(c, haze, 0.35) for c in [(80, 110, 60), (100, 120, 60), (60, 90, 50)]],
                       blobs=9)
        cv.stamp(p, tex=0.1)
    if bridge:
        p = cv.pen()
        deck = hy + 0.02
        c = mix((46, 36, 34), haze, 0.18)
        p.rect(-0.02, deck, 1.02, deck + cv.sy(0.02), c)
        span = cv.sx(0.085)
        x = -0.03
        while x < 1.05:
            bottom = hy + 0.36
            legw = span * 0.35
            p.line([(x - legw * 0.35, deck), (x - legw, bottom)], c, 0.006)
            p.line([(x + legw * 0.35, deck), (x + legw, bottom)], c, 0.006)
            for k in range(6):
                t0, t1 = k / 6, (k + 1) / 6
                ya, yb = deck + (bottom - deck) * t0, deck + (bottom - deck) * t1
                wa, wb = legw * (0.35 + 0.65 * t0), legw * (0.35 + 0.65 * t1)
                p.line([(x - wa, ya), (x + wb, yb)], c, 0.0025)
                p.line([(x + wa, ya), (x - wb, yb)], c, 0.0025)
                p.line([(x - wa, ya), (x + wa, ya)], c, 0.0025)
            p.line([(x + legw * 0.35, deck + cv.sy(0.02)), (x + span - legw * 0.35, deck + cv.sy(0.02))], c, 0.002)
            x += span
        cv.stamp(p, tex=0.03, soft=0.8)
        # nearer coulee hides the bottom of the towers
        hills(cv, hy + 0.33, 0.1, (150, 118, 80), cells=3, octaves=6, rough=0.5, haze_rgb=haze,
              haze=0.1 if not smoky else 0.35, light=1.0, darken=0.3, gullies=0.9, tex=0.14)
    # foreground slope with grass and sagebrush
    fg = hills(cv, 0.86, 0.12, (188, 160, 108), cells=2, octaves=6, rough=0.5, light=0.6, darken=0.15, tex=0.2,
               haze_rgb=haze, haze=0.05 if not smoky else 0.25)
    p = cv.pen()
    for _ in range(int(420 * sage)):
        x = cv.r(-0.02, 1.02)
        y0 = float(fg[min(cv.w - 1, max(0, int(x * cv.w)))])
        y = y0 + cv.r(0.0, 1.0) ** 1.5 * (1 - y0)
        s = 0.004 + 0.018 * (y - y0) / max(0.05, 1 - y0)
        p.ellipse(x, y + cv.sy(s * 0.2), s * 1.3, s * 0.35, (90, 76, 56, 150))  # shadow at the base
        for _ in range(5):
            p.ellipse(x + cv.sx(s * cv.r(-0.8, 0.8)), y - cv.sy(s * cv.r(0, 0.6)), s * cv.r(0.4, 0.8), s * cv.r(0.3, 0.55),
                      cv.jitter((142, 146, 122), 14))
    cv.stamp(p, tex=0.15, scale=0.002, shade=(0.6, 1, 1.05, 0.85))
    if pines:
        p = cv.pen()
        for _ in range(pines):
            x = cv.r(0, 1)
            y = float(fg[min(cv.w - 1, int(x * cv.w))]) + cv.r(0.0, 0.05)
            conifer(p, x, y, cv.r(0.12, 0.3), (48, 62, 44), rng=cv.rng, tiers=9, slim=0.28)
        cv.stamp(p, tex=0.1)
    if smoky:
        cv.haze(np.ones((cv.h, cv.w), np.float32) * (0.15 + 0.2 * (1 - cv.Y)), haze, 1.0)


# --------------------------------------------------------------------------------------
# A pinhole camera for streets, rooms and fields (metres; X right, Y up, Z forward)
# --------------------------------------------------------------------------------------


class Cam:
    def __init__(self, cv: Canvas, hy=0.5, vx=0.5, f=1.1, height=1.6):
        self.cv, self.hy, self.vx, self.f, self.height = cv, hy, vx, f, height

    def P(self, X, Y, Z):
        Z = max(Z, 0.05)
        cv = self.cv
        return (self.vx + self.f * X / Z * cv.u / cv.w, self.hy + self.f * (self.height - Y) / Z * cv.u / cv.h)

    def quad(self, p: Pen, pts3, fill):
        p.poly([self.P(*q) for q in pts3], fill)

    def box(self, p: Pen, X0, X1, Y0, Y1, Z0, Z1, rgb, side=0.72, top=1.12, front=1.0):
        """A lit box: front face (Z0), the side facing the camera axis, and the top if below the eye."""
        if Y1 < self.height:
            self.quad(p, [(X0, Y1, Z0), (X1, Y1, Z0), (X1, Y1, Z1), (X0, Y1, Z1)], mix(rgb, (255, 255, 255), 0) if top == 1 else
                      tuple(min(255, c * top) for c in rgb[:3]))
        elif Y0 > self.height:
            self.quad(p, [(X0, Y0, Z0), (X1, Y0, Z0), (X1, Y0, Z1), (X0, Y0, Z1)], tuple(c * 0.6 for c in rgb[:3]))
        if X1 < 0:
            self.quad(p, [(X1, Y0, Z0), (X1, Y0, Z1), (X1, Y1, Z1), (X1, Y1, Z0)], tuple(c * side for c in rgb[:3]))
        elif X0 > 0:
            self.quad(p, [(X0, Y0, Z0), (X0, Y0, Z1), (X0, Y1, Z1), (X0, Y1, Z0)], tuple(c * side for c in rgb[:3]))
        self.quad(p, [(X0, Y0, Z0), (X1, Y0, Z0), (X1, Y1, Z0), (X0, Y1, Z0)], tuple(c * front for c in rgb[:3]))

    def pole(self, p: Pen, X, Z, H, rgb, width=0.12):
        x0, y0 = self.P(X, 0, Z)
        x1, y1 = self.P(X, H, Z)
        p.line([(x0, y0), (x1, y1)], rgb, max(0.0012, self.f * width / Z))


def house3d(cv: Canvas, cam: Cam, p: Pen, X0, X1, Z0, Z1, H, wall, roof, snow=False, lit=None, roof_h=None):
    """A house along a street whose ridge runs with the street; gable end towards the camera."""
    rh = roof_h if roof_h is not None else (X1 - X0) * 0.38
    Xm = (X0 + X1) / 2
    street_left = X1 < 0  # house on the left side of the street
    Xs = X1 if street_left else X0
    dark = tuple(c * 0.7 for c in wall)
    # street-facing wall, gable end
    cam.quad(p, [(Xs, 0, Z0), (Xs, 0, Z1), (Xs, H, Z1), (Xs, H, Z0)], dark if not street_left else tuple(c * 0.82 for c in wall))
    cam.quad(p, [(X0, 0, Z0), (X1, 0, Z0), (X1, H, Z0), (Xm, H + rh, Z0), (X0, H, Z0)], wall)
    rcol = roof if not snow else (232, 236, 244)
    cam.quad(p, [(Xs, H, Z0), (Xs, H, Z1), (Xm, H + rh, Z1), (Xm, H + rh, Z0)], tuple(c * 0.9 for c in rcol))
    eave = (X1 - X0) * 0.06 * (1 if street_left else -1)
    cam.quad(p, [(Xs + eave, H - 0.15, Z0 - 0.3), (Xs + eave, H - 0.15, Z1), (Xm, H + rh, Z1), (Xm, H + rh, Z0 - 0.3)],
             tuple(c * 0.85 for c in rcol))
    # windows on the street side and the gable
    wc = lit if lit is not None else (64, 72, 84)
    n = max(2, int((Z1 - Z0) / 3.5))
    for i in range(n):
        za = Z0 + (Z1 - Z0) * (i + 0.25) / n
        zb = za + (Z1 - Z0) * 0.45 / n
        cam.quad(p, [(Xs, 1.0, za), (Xs, 1.0, zb), (Xs, 2.1, zb), (Xs, 2.1, za)], (225, 225, 220))
        cam.quad(p, [(Xs, 1.08, za + 0.08), (Xs, 1.08, zb - 0.08), (Xs, 2.02, zb - 0.08), (Xs, 2.02, za + 0.08)], wc)
    wx = Xm - (X1 - X0) * 0.12
    cam.quad(p, [(wx, H + 0.2, Z0), (wx + (X1 - X0) * 0.24, H + 0.2, Z0), (wx + (X1 - X0) * 0.24, H + 1.0, Z0), (wx, H + 1.0, Z0)], wc)
    dz = Z0 + (Z1 - Z0) * 0.1
    cam.quad(p, [(Xs, 0, dz), (Xs, 0, dz + 0.9), (Xs, 2.0, dz + 0.9), (Xs, 2.0, dz)], tuple(c * 0.45 for c in wall))


def car3d(cam: Cam, p: Pen, X, Z, rgb, snow=False, length=4.4, lights=False):
    w = 1.8
    cam.box(p, X - w / 2, X + w / 2, 0.25, 0.95, Z, Z + length, rgb)
    cam.box(p, X - w / 2 + 0.15, X + w / 2 - 0.15, 0.95, 1.45, Z + 1.0, Z + length - 1.2, (40, 46, 56), side=0.8)
    if snow:
        cam.quad(p, [(X - w / 2 + 0.15, 1.46, Z + 1.0), (X + w / 2 - 0.15, 1.46, Z + 1.0), (X + w / 2 - 0.15, 1.46, Z + length - 1.2),
                     (X - w / 2 + 0.15, 1.46, Z + length - 1.2)], (236, 240, 246))
        cam.quad(p, [(X - w / 2, 0.96, Z), (X + w / 2, 0.96, Z), (X + w / 2, 0.96, Z + 1.0), (X - w / 2, 0.96, Z + 1.0)], (236, 240, 246))
    for sx in (-1, 1):
        x0, y0 = cam.P(X + sx * w * 0.36, 0.55, Z)
        r = cam.f * 0.12 / Z
        p.ellipse(x0, y0, r, r * 0.8, (255, 80, 60) if lights else (180, 40, 40))


def street_scene(cv: Canvas, pal="overcast", snow=True, lit=None, lamps=True, falling=0, hy=0.5, vx=0.47,
                 cars=3, road_w=4.0, bus_shelter=False, wet=False, houses=True):
    P = _sky(cv, pal, hy, clouds=0.7, cover=0.2 if pal == "overcast" else 0.0)
    haze = P["haze"]
    cam = Cam(cv, hy=hy, vx=vx, f=1.05, height=1.6)
    # distant treeline / town at the end of the street
    p = cv.pen()
    for _ in range(40):
        x = cv.r(vx - 0.35, vx + 0.35)
        if snow:
            bare_tree(cv, p, x, hy + 0.003, cv.r(0.05, 0.1), mix((70, 66, 64), haze, 0.55), depth=5)
        else:
            leafy_tree(cv, p, x, hy + 0.003, cv.r(0.05, 0.1), [mix((60, 80, 50), haze, 0.5), mix((80, 96, 60), haze, 0.5)], blobs=10)
    cv.stamp(p, tex=0.05)
    # ground: snow or lawn, then the road
    if snow:
        ground(cv, hy, mix((215, 220, 230), haze, 0.2), (236, 240, 246), tex=0.05, vx=vx, detail=0.02)
    else:
        ground(cv, hy, mix((90, 110, 70), haze, 0.3), (80, 110, 60), tex=0.18, vx=vx, detail=0.03)
    p = cv.pen()
    cam.quad(p, [(-road_w, 0, 1.0), (road_w, 0, 1.0), (road_w, 0, 400), (-road_w, 0, 400)],
             (150, 150, 152) if snow else (92, 92, 96))
    # sidewalks
    for s in (-1, 1):
        cam.quad(p, [(s * (road_w + 1.5), 0, 1.0), (s * (road_w + 3.0), 0, 1.0), (s * (road_w + 3.0), 0, 400), (s * (road_w + 1.5), 0, 400)],
                 (200, 204, 212) if snow else (160, 158, 154))
    cv.stamp(p, tex=0.06, scale=0.03, shade=(hy, 1, 0.9, 1.08))
    if snow:
        # tyre tracks: packed snow lighter, ruts darker
        p = cv.pen()
        for X in (-2.6, -1.0, 1.0, 2.6):
            cam.quad(p, [(X - 0.25, 0.01, 1.0), (X + 0.25, 0.01, 1.0), (X + 0.25, 0.01, 300), (X - 0.25, 0.01, 300)], (110, 112, 118, 170))
        cv.stamp(p, tex=0.15, soft=2.0)
        p = cv.pen()  # snowbanks along both sides
        for s in (-1, 1):
            z = 1.0
            while z < 200:
                z2 = z * 1.25
                hgt = cv.r(0.5, 1.1)
                cam.quad(p, [(s * road_w, 0, z), (s * (road_w + 1.4), 0, z), (s * (road_w + 1.2), hgt, z2), (s * (road_w + 0.2), hgt * 0.9, z2),
                             (s * road_w, 0, z2)], cv.jitter((236, 240, 248), 6))
                z = z2
        cv.stamp(p, tex=0.06, soft=2.5, shade=(hy, 1, 0.95, 1.05))
    # houses both sides
    if houses:
        walls = [(182, 70, 60), (226, 214, 190), (110, 130, 150), (214, 196, 150), (150, 160, 130), (236, 236, 230), (96, 104, 120)]
        roofs = [(60, 60, 64), (80, 50, 45), (70, 74, 80)]
        hp = cv.pen()
        items = []
        for s in (-1, 1):
            z = 6.0
            while z < 160:
                depth = cv.r(8, 11)
                X0 = s * (road_w + 7.0)
                width = cv.r(7, 9)
                xa, xb = (X0 - width, X0) if s < 0 else (X0, X0 + width)
                items.append((z, xa, xb, depth, cv.pick(walls), cv.pick(roofs), cv.r(3.0, 5.8)))
                z += depth + cv.r(3, 6)
        for z, xa, xb, depth, wall, roof, H in sorted(items, key=lambda t: -t[0]):
            house3d(cv, cam, hp, xa, xb, z, z + depth, H, cv.jitter(wall, 8), roof, snow=snow,
                    lit=lit if (lit is not None and cv.r() < 0.7) else None)
        hl = cv.stamp(hp, tex=0.04, scale=0.01)
        # distant houses are hazier
        d = np.clip(1 - np.abs(cv.Y - hy) * 6, 0, 1) * hl
        cv.haze(d, haze, 0.35)
    if cars:
        p = cv.pen()
        cols = [(150, 30, 34), (210, 212, 214), (40, 44, 52), (90, 100, 110), (30, 60, 100)]
        zs = sorted([cv.r(8, 40) for _ in range(cars)], reverse=True)
        for z in zs:
            car3d(cam, p, cv.pick([-road_w + 1.3, road_w - 1.3]), z, cv.pick(cols), snow=snow, lights=lit is not None)
        cv.stamp(p, tex=0.05, scale=0.003)
    if lamps:
        p = cv.pen()
        spots = []
        for z in (7, 14, 28, 56, 112):
            for s in (-1, 1):
                X = s * (road_w + 0.8)
                cam.pole(p, X, z, 7.0, (44, 44, 48))
                xa, ya = cam.P(X, 7.0, z)
                xb, yb = cam.P(X - s * 1.4, 7.0, z)
                p.line([(xa, ya), (xb, yb)], (44, 44, 48), max(0.001, 0.08 * cam.f / z))
                spots.append((xb, yb, z))
        cv.stamp(p, tex=0)
        if lit is not None:
            for x, y, z in spots:
                cv.glow(x, y, 0.22 / z, (255, 200, 140), 1.4)
                cv.glow(x, y, 1.6 / z, (255, 160, 90), 0.12)
                # pool of light on the ground below
                gx, gy = cam.P(-1.0 if x < vx else 1.0, 0, z)
                cv.glow(gx, gy, 2.2 / z, (255, 170, 100), 0.12, aspect=0.35)
    if bus_shelter:
        p = cv.pen()
        X0, Z0 = road_w + 0.9, 9.0
        cam.box(p, X0, X0 + 1.5, 0.0, 0.12, Z0, Z0 + 3.5, (90, 92, 96))
        cam.box(p, X0, X0 + 1.5, 2.3, 2.45, Z0, Z0 + 3.5, (60, 64, 70))
        for z in (Z0, Z0 + 3.5):
            cam.pole(p, X0, z, 2.4, (60, 64, 70), 0.08)
            cam.pole(p, X0 + 1.5, z, 2.4, (60, 64, 70), 0.08)
        cv.stamp(p, tex=0.03)
        p = cv.pen()
        cam.quad(p, [(X0 + 1.5, 0.1, Z0), (X0 + 1.5, 0.1, Z0 + 3.5), (X0 + 1.5, 2.3, Z0 + 3.5), (X0 + 1.5, 2.3, Z0)], (170, 190, 200, 60))
        cv.stamp(p, tex=0)
        p = cv.pen()  # lit advertising panel at the near end
        cam.quad(p, [(X0 + 0.1, 0.3, Z0), (X0 + 1.4, 0.3, Z0), (X0 + 1.4, 2.1, Z0), (X0 + 0.1, 2.1, Z0)], (250, 246, 230))
        cv.stamp(p, tex=0)
        x, y = cam.P(X0 + 0.75, 1.2, Z0)
        cv.glow(x, y, 0.25, (255, 240, 210), 0.35)
        p = cv.pen()  # the bus stop sign
        cam.pole(p, X0 - 0.4, Z0 - 1.0, 2.8, (80, 80, 84), 0.06)
        cam.quad(p, [(X0 - 0.75, 2.3, Z0 - 1.0), (X0 - 0.05, 2.3, Z0 - 1.0), (X0 - 0.05, 2.9, Z0 - 1.0), (X0 - 0.75, 2.9, Z0 - 1.0)], (30, 90, 160))
        cam.quad(p, [(X0 - 0.7, 2.45, Z0 - 1.0), (X0 - 0.1, 2.45, Z0 - 1.0), (X0 - 0.1, 2.55, Z0 - 1.0), (X0 - 0.7, 2.55, Z0 - 1.0)], (240, 240, 240))
        cv.stamp(p, tex=0)
    if wet:
        reflect(cv, hy, 1.0, tint=(40, 42, 50), strength=0.35, ripple=0.002, streaks=0.2)
    if falling:
        snowfall(cv, n=falling)


def scene_street(cv: Canvas, **kw):
    street_scene(cv, **kw)


def scene_bus_stop(cv: Canvas, pal="night", snow=True, falling=500, vx=0.4):
    street_scene(cv, pal=pal, snow=snow, lit=(255, 200, 130), lamps=True, falling=falling, hy=0.52, vx=vx, cars=1,
                 bus_shelter=True, houses=True)


def scene_lot(cv: Canvas, pal="winter_dawn", kind="plant", snow=True, people=0, lit=True):
    """A parking lot in front of a large building: a plant at shift change, or a hall on Eid morning."""
    hy = 0.5
    P = _sky(cv, pal, hy, clouds=0.5, cover=0.0)
    haze = P["haze"]
    cam = Cam(cv, hy=hy, vx=0.5, f=1.0, height=1.7)
    if snow:
        ground(cv, hy, mix((200, 205, 220), haze, 0.3), (226, 230, 240), tex=0.025, detail=0.02)
        p = cv.pen()  # ploughed lanes and tyre tracks between the rows
        for Z0, Z1 in ((6.0, 9.6), (13.2, 15.6), (21.5, 24.2)):
            cam.quad(p, [(-40, 0.01, Z0), (40, 0.01, Z0), (40, 0.01, Z1), (-40, 0.01, Z1)], (170, 170, 178, 110))
        for X in (-3.0, -1.4, 1.2, 2.9):
            cam.quad(p, [(X - 0.2, 0.01, 2.0), (X + 0.2, 0.01, 2.0), (X + 0.2, 0.01, 26), (X - 0.2, 0.01, 26)], (150, 150, 160, 120))
        cv.stamp(p, tex=0.04, scale=0.03, soft=4)
    else:
        ground(cv, hy, (96, 96, 100), (84, 84, 88), tex=0.12, detail=0.03)
    p = cv.pen()
    if kind == "plant":
        cam.box(p, -70, 45, 0, 11, 70, 110, (150, 152, 150))
        cam.box(p, -25, 5, 11, 16, 75, 95, (130, 132, 134))
        for X, H in ((12, 34), (18, 30)):
            cam.box(p, X, X + 2.2, 0, H, 80, 82, (120, 112, 108))
    else:
        cam.box(p, -22, 18, 0, 6.5, 40, 60, (166, 96, 74))
        cam.quad(p, [(-23, 6.5, 40), (19, 6.5, 40), (19, 8.8, 50), (-23, 8.8, 50)], (70, 70, 76))
        cam.box(p, -4, 4, 0, 4.2, 37, 40, (200, 200, 196))
    cv.stamp(p, tex=0.05, scale=0.01, shade=(hy - 0.2, hy + 0.05, 1.05, 0.85))
    if kind == "plant":
        # plumes of steam from the stacks, lit from below
        for X in (13, 19):
            x, y = cam.P(X, 34, 81)
            n = cv.noise(0.08, 5)
            d = np.sqrt(((cv.X - x - (y - cv.Y) * 0.35) * cv.w / cv.u / 0.05) ** 2 + ((cv.Y - y + 0.08) / 0.14) ** 2)
            m = np.clip(1 - d, 0, 1) * np.clip(0.6 + 0.5 * n, 0, 1) * (cv.Y < y)
            cv.blend(gblur(m, 3), col(mix((240, 236, 236), P["cloud"], 0.4)), 0.8)
    # windows: a band of lit windows or glass doors
    p = cv.pen()
    if kind == "plant":
        for i in range(26):
            X = -60 + i * 4.0
            cam.quad(p, [(X, 3.5, 70), (X + 2.2, 3.5, 70), (X + 2.2, 5.0, 70), (X, 5.0, 70)],
                     (255, 214, 150) if lit and cv.r() < 0.8 else (60, 70, 80))
        for X in (-40, -20, 20):
            cam.quad(p, [(X, 0, 70), (X + 4, 0, 70), (X + 4, 4.5, 70), (X, 4.5, 70)], (80, 84, 90))
    else:
        for i in range(9):
            X = -20 + i * 4.3
            cam.quad(p, [(X, 2.0, 40), (X + 2.2, 2.0, 40), (X + 2.2, 4.0, 40), (X, 4.0, 40)], (70, 90, 110))
        cam.quad(p, [(-1.5, 0, 37), (1.5, 0, 37), (1.5, 2.6, 37), (-1.5, 2.6, 37)], (90, 110, 130))
    cv.stamp(p, tex=0.02)
    # parked cars in rows
    p = cv.pen()
    cols = [(150, 30, 34), (210, 212, 214), (40, 44, 52), (90, 100, 110), (30, 60, 100), (120, 120, 126), (230, 230, 232)]
    for Z in (26, 17, 11):
        for X in np.arange(-26, 26, 2.8):
            if cv.r() < 0.25:
                continue
            car3d(cam, p, float(X) + cv.r(-0.2, 0.2), Z + cv.r(-0.3, 0.3), cv.pick(cols), snow=snow, lights=False)
    cv.stamp(p, tex=0.04, scale=0.005)
    if not snow:
        p = cv.pen()
        for X in np.arange(-30, 30, 2.8):
            cam.quad(p, [(X - 0.05, 0.01, 6), (X + 0.05, 0.01, 6), (X + 0.05, 0.01, 9.5), (X - 0.05, 0.01, 9.5)], (220, 220, 210))
        cv.stamp(p, tex=0.1)
    if people:
        p = cv.pen()
        clothes = [(30, 110, 90), (200, 160, 40), (150, 40, 80), (240, 240, 236), (40, 60, 120), (120, 70, 140), (220, 120, 60)]
        spots = []
        for _ in range(people):
            spots.append((cv.r(-9, 9), cv.r(7, 32)))
        for X, Z in sorted(spots, key=lambda t: -t[1]):
            x, y = cam.P(X, 0, Z)
            hgt = cam.f * 1.7 / Z * cv.u / cv.u * cv.r(0.85, 1.05)
            person(cv, p, x, y, hgt, cv.pick(clothes), skin=cv.pick([(120, 84, 60), (170, 120, 90), (90, 62, 48)]),
                   pants=cv.pick([(40, 42, 50), (230, 230, 226), (60, 50, 40)]), hair=cv.pick([(20, 18, 16), (200, 200, 196), (40, 60, 110)]))
        cv.stamp(p, tex=0.05)
    p = cv.pen()
    spots = []
    for X, Z in ((-8, 9), (8, 14), (-14, 24), (14, 30), (0, 45)):
        cam.pole(p, X, Z, 9, (50, 50, 54), 0.15)
        spots.append(cam.P(X, 9, Z) + (Z,))
    cv.stamp(p, tex=0)
    if lit:
        for x, y, Z in spots:
            cv.glow(x, y, 0.12 / Z, (255, 190, 110), 1.3)
            cv.glow(x, y, 1.2 / Z, (255, 150, 70), 0.1)


def scene_field(cv: Canvas, pal="summer", face_at=None, players=14):
    """A soccer pitch on a Saturday morning, a parent watching from the sideline on the right."""
    hy = 0.42
    P = _sky(cv, pal, hy, clouds=0.6, cover=0.0)
    haze = P["haze"]
    p = cv.pen()
    for _ in range(int(90 * cv.w / cv.u)):
        leafy_tree(cv, p, cv.r(-0.05, 1.05), hy + 0.004, cv.r(0.06, 0.14),
                   [mix(c, haze, 0.35) for c in [(52, 84, 44), (70, 100, 52), (40, 66, 38)]], blobs=14)
    cv.stamp(p, tex=0.08, scale=0.004, shade=(hy - 0.15, hy, 1.05, 0.8))
    cam = Cam(cv, hy=hy, vx=0.45, f=1.0, height=1.6)
    ground(cv, hy, mix((90, 130, 60), haze, 0.3), (70, 120, 50), tex=0.1, detail=0.03, vx=0.45)
    # mowing bands across the pitch
    d = np.clip(cv.Y - hy, 1 / cv.h, None)
    z = cam.f * cam.height / (d * cv.h / cv.u)
    bands = (np.floor(z / 5.0) % 2).astype(np.float32)
    cv.img *= (1 - 0.07 * bands * (cv.Y > hy))[..., None]
    p = cv.pen()
    white = (235, 238, 232)
    for Z in (6, 30, 58):
        cam.quad(p, [(-40, 0, Z), (40, 0, Z), (40, 0, Z + 0.12), (-40, 0, Z + 0.12)], white)
    for X in (-18, 20):
        cam.quad(p, [(X, 0, 6), (X + 0.12, 0, 6), (X + 0.12, 0, 58), (X, 0, 58)], white)
    cv.stamp(p, tex=0.05, soft=0.8)
    p = cv.pen()  # the far goal
    for X in (-3.6, 3.6):
        cam.pole(p, X, 58, 2.4, white, 0.12)
    x0, y0 = cam.P(-3.6, 2.4, 58)
    x1, _ = cam.P(3.6, 2.4, 58)
    p.line([(x0, y0), (x1, y0)], white, 0.0025)
    cv.stamp(p, tex=0)
    p = cv.pen()
    spots = [(cv.r(-15, 15), cv.r(12, 50)) for _ in range(players)]
    for i, (X, Z) in enumerate(sorted(spots, key=lambda t: -t[1])):
        x, y = cam.P(X, 0, Z)
        hgt = cam.f * 1.35 / Z
        person(cv, p, x, y, hgt, (200, 40, 40) if i % 2 else (250, 210, 40), pants=(20, 20, 24), arms_up=cv.r() < 0.2,
               skin=cv.pick([(120, 84, 60), (190, 140, 110), (160, 110, 80)]))
    x, y = cam.P(-2, 0, 20)
    p.ellipse(x, y - cv.sy(0.004), 0.004, 0.004, (245, 245, 245))
    cv.stamp(p, tex=0.03)
    cv.blur(0.8)  # the focus is on the sideline
    # sideline: folding chairs and parents on the right
    p = cv.pen()
    for X, Z, c in ((-4.6, 7.0, (60, 80, 140)), (-3.3, 8.6, (150, 60, 60)), (-2.0, 10.5, (70, 70, 74))):
        x, y = cam.P(X, 0, Z)
        person(cv, p, x, y, cam.f * 1.65 / Z, c, skin=cv.pick([(120, 84, 60), (190, 140, 110)]))
    cv.stamp(p, tex=0.05)
    if face_at is not None:
        fx, fy, fs = face_at
        cv.face_box = face(cv, fx, fy, fs)


def scene_court(cv: Canvas, pal="dusk"):
    """An outdoor basketball court behind a church hall, at the end of the day."""
    hy = 0.55
    P = _sky(cv, pal, hy, clouds=0.5)
    haze = P["haze"]
    cam = Cam(cv, hy=hy, vx=0.5, f=1.0, height=1.6)
    p = cv.pen()
    for _ in range(30):
        leafy_tree(cv, p, cv.r(-0.05, 1.05), hy + 0.0, cv.r(0.12, 0.25), [mix((40, 52, 40), haze, 0.3)], blobs=16)
    cv.stamp(p, tex=0.05)
    p = cv.pen()
    cam.box(p, -14, 6, 0, 4.5, 30, 42, (176, 150, 120))
    cam.quad(p, [(-15, 4.5, 30), (7, 4.5, 30), (7, 7.5, 36), (-15, 7.5, 36)], (80, 70, 70))
    cam.box(p, -5.2, -4.6, 7, 10, 33, 33.4, (230, 226, 220))
    cam.box(p, -5.9, -3.9, 8.7, 9.2, 33, 33.4, (230, 226, 220))
    for i in range(5):
        X = -12 + i * 3.6
        cam.quad(p, [(X, 1.4, 30), (X + 1.5, 1.4, 30), (X + 1.5, 3.2, 30), (X, 3.2, 30)], (255, 206, 140))
    cv.stamp(p, tex=0.05, scale=0.008)
    ground(cv, hy, (70, 74, 80), (84, 86, 90), tex=0.1, detail=0.04)
    cv.blend((cv.Y > hy).astype(np.float32) * (cv.Y < cam.P(0, 0, 30)[1]), col((60, 80, 50)), 0.6)
    p = cv.pen()
    lc = (220, 200, 90)
    cam.quad(p, [(-3, 0, 14), (3, 0, 14), (3, 0, 14.1), (-3, 0, 14.1)], lc)
    for X in (-3, 3):
        cam.quad(p, [(X - 0.05, 0, 8.2), (X + 0.05, 0, 8.2), (X + 0.05, 0, 14), (X - 0.05, 0, 14)], lc)
    cam.quad(p, [(-3, 0, 8.2), (3, 0, 8.2), (3, 0, 8.3), (-3, 0, 8.3)], lc)
    cam.quad(p, [(-8, 0, 4), (8, 0, 4), (8, 0, 4.1), (-8, 0, 4.1)], lc)
    cv.stamp(p, tex=0.1)
    p = cv.pen()
    cam.pole(p, 0, 16, 3.05, (60, 60, 64), 0.14)
    cam.box(p, -0.9, 0.9, 2.9, 3.95, 15.2, 15.25, (236, 236, 232))
    cam.quad(p, [(-0.3, 3.05, 15.2), (0.3, 3.05, 15.2), (0.3, 3.5, 15.2), (-0.3, 3.5, 15.2)], (200, 80, 40))
    x, y = cam.P(0, 3.05, 14.8)
    p.ellipse(x, y, cam.f * 0.25 / 14.8, cam.f * 0.06 / 14.8, (220, 90, 30))
    spots = [(cv.r(-3, 4), cv.r(9, 14)) for _ in range(6)]
    for i, (X, Z) in enumerate(sorted(spots, key=lambda t: -t[1])):
        x, y = cam.P(X, 0, Z)
        person(cv, p, x, y, cam.f * 1.75 / Z, cv.pick([(230, 230, 230), (30, 40, 80), (160, 30, 40), (30, 30, 32)]),
               skin=cv.pick([(160, 112, 80), (140, 98, 70)]), arms_up=(i == 2))
    x, y = cam.P(0.4, 3.9, 13.0)
    p.ellipse(x, y, cam.f * 0.12 / 13, cam.f * 0.12 / 13, (210, 100, 40))
    # the bench with mothers and food containers on the left
    cam.box(p, -6.5, -3.0, 0.4, 0.5, 6, 6.5, (120, 90, 60))
    for X in (-6.0, -4.9, -3.8):
        x, y = cam.P(X, 0.45, 6.2)
        person(cv, p, x, y, cam.f * 1.2 / 6.2, cv.pick([(190, 60, 90), (240, 220, 200), (60, 120, 150)]), sitting=True,
               skin=(160, 114, 84))
    cv.stamp(p, tex=0.04)
    for Z, X in ((10, -6), (10, 6)):
        p = cv.pen()
        cam.pole(p, X, Z, 7, (40, 40, 44))
        cv.stamp(p, tex=0)
        x, y = cam.P(X, 7, Z)
        cv.glow(x, y, 0.018, (255, 220, 170), 1.6)
        cv.glow(x, y, 0.12, (255, 190, 120), 0.12)


def scene_farm(cv: Canvas, pal="summer"):
    """Red Island soil and rows of potato plants running to the horizon."""
    hy = 0.48
    P = _sky(cv, pal, hy, clouds=0.75, cover=0.05)
    haze = P["haze"]
    reflect(cv, hy - 0.005, hy + 0.004, tint=mix((60, 100, 140), haze, 0.4), strength=0.2, x0=0.55)
    p = cv.pen()
    for _ in range(50):
        leafy_tree(cv, p, cv.r(0, 0.55), hy + 0.003, cv.r(0.03, 0.06), [mix((50, 80, 45), haze, 0.45)], blobs=10)
    cv.stamp(p, tex=0.05)
    cam = Cam(cv, hy=hy, vx=0.5, f=1.0, height=1.7)
    p = cv.pen()
    cam.box(p, -70, -58, 0, 7, 240, 255, (160, 50, 40))
    cam.quad(p, [(-71, 7, 240), (-57, 7, 240), (-60, 10, 240), (-64, 12, 240), (-68, 10, 240)], (70, 60, 60))
    cam.box(p, -45, -37, 0, 6, 250, 258, (240, 238, 230))
    cam.quad(p, [(-46, 6, 250), (-36, 6, 250), (-41, 9, 250)], (60, 60, 66))
    cv.stamp(p, tex=0.04)
    ground(cv, hy, (150, 70, 50), (160, 66, 44), tex=0.25, detail=0.04, stripes=(40, 4, 0.9), stripe_rgb=(60, 110, 50))
    p = cv.pen()  # leafy clumps along the rows in the foreground
    for k in range(-12, 13):
        for _ in range(40):
            Z = cv.r(1.8, 14) ** 1.0
            X = k * 0.9 + 0.45 + cv.r(-0.12, 0.12)
            x, y = cam.P(X, 0.2, Z)
            r = cam.f * 0.16 / Z
            p.ellipse(x, y, r, r * 0.7, cv.jitter((64, 120, 52), 20))
    cv.stamp(p, tex=0.2, scale=0.003, shade=(hy, 1, 0.9, 1.05))


def scene_garden(cv: Canvas, pal="golden"):
    """Raised beds in a care home's garden on a summer evening."""
    hy = 0.45
    P = _sky(cv, pal, hy, clouds=0.4)
    cam = Cam(cv, hy=hy, vx=0.5, f=1.0, height=1.5)
    p = cv.pen()
    cam.box(p, -30, 30, 0, 4.2, 24, 34, (170, 110, 90))
    cam.quad(p, [(-31, 4.2, 24), (31, 4.2, 24), (31, 5.6, 29), (-31, 5.6, 29)], (96, 90, 88))
    for i in range(12):
        X = -27 + i * 4.8
        cam.quad(p, [(X, 1.1, 24), (X + 2.2, 1.1, 24), (X + 2.2, 2.8, 24), (X, 2.8, 24)], (120, 140, 150))
    cv.stamp(p, tex=0.04, scale=0.008)
    ground(cv, hy, (110, 130, 70), (90, 124, 60), tex=0.15, detail=0.03)
    beds = []
    for X in (-6.0, -1.6, 2.8):
        for Z in (4.5, 9.5, 15):
            beds.append((X, Z))
    for X, Z in sorted(beds, key=lambda t: -t[1]):
        p = cv.pen()
        cam.box(p, X, X + 2.6, 0, 0.6, Z, Z + 3.5, (150, 110, 70))
        cv.stamp(p, tex=0.12, scale=0.004)
        p = cv.pen()
        for _ in range(70):
            px, pz = X + cv.r(0.15, 2.45), Z + cv.r(0.2, 3.3)
            x, y = cam.P(px, 0.65, pz)
            r = cam.f * cv.r(0.1, 0.22) / pz
            c = cv.pick([(60, 120, 50), (90, 140, 60), (70, 110, 40), (200, 60, 50), (230, 190, 60), (160, 90, 160)])
            p.ellipse(x, y - r * 0.5 * cv.u / cv.h, r, r * 0.8, cv.jitter(c, 15))
        cv.stamp(p, tex=0.15, scale=0.003)
    p = cv.pen()
    cam.box(p, 5.5, 7.3, 0.45, 0.55, 3.2, 3.8, (120, 80, 50))
    cam.box(p, 5.5, 7.3, 0.55, 1.0, 3.75, 3.85, (120, 80, 50))
    cv.stamp(p, tex=0.1)
    if P["sun"] is not None:
        cv.img *= (1 + 0.12 * np.clip(cv.X - 0.3, 0, 1))[..., None] * np.array([1.05, 1.0, 0.92], np.float32)


def scene_harbour(cv: Canvas, pal="summer", winter=False):
    """Charlottetown waterfront: far shore, moored boats, a wharf; or the boardwalk in December."""
    hy = 0.46
    P = _sky(cv, "overcast" if winter else pal, hy, clouds=0.7, cover=0.2 if winter else 0.0)
    haze = P["haze"]
    p = cv.pen()
    curve = hy - cv.sy(0.03) * (0.5 + 0.5 * cv.noise1d(3, 4))
    cv.blend(cv.below(curve) * (cv.Y < hy + 0.01), col(mix((70, 90, 70) if not winter else (200, 204, 212), haze, 0.5)))
    houses = [(200, 70, 60), (240, 230, 200), (90, 130, 170), (230, 200, 90), (120, 160, 120)]
    for _ in range(36):
        x = cv.r(0.0, 1.0)
        w, h = cv.sx(cv.r(0.012, 0.025)), cv.sy(cv.r(0.01, 0.025))
        c = mix(cv.pick(houses), haze, 0.45)
        p.rect(x, hy - h, x + w, hy, c)
        p.poly([(x - w * 0.1, hy - h), (x + w / 2, hy - h - w * 0.5 * cv.w / cv.h), (x + w * 1.1, hy - h)], mix((70, 60, 60), haze, 0.5))
    x = 0.68
    p.rect(x, hy - cv.sy(0.06), x + cv.sx(0.012), hy, mix((220, 216, 210), haze, 0.3))
    p.poly([(x - cv.sx(0.002), hy - cv.sy(0.06)), (x + cv.sx(0.006), hy - cv.sy(0.12)), (x + cv.sx(0.014), hy - cv.sy(0.06))],
           mix((60, 80, 90), haze, 0.3))
    cv.stamp(p, tex=0.04)
    reflect(cv, hy, 1.0, tint=(60, 80, 96) if not winter else (120, 130, 140), strength=0.65, ripple=0.006, streaks=0.2)
    cam = Cam(cv, hy=hy, vx=0.5, f=1.0, height=2.0)
    if winter:
        # pans of floating ice, flattened by distance, with dark water between them
        n = cv.noise(0.07, 5, stretch=4.5)
        m = smoothstep(-0.1, 0.3, n) * (cv.Y > hy + 0.004)
        cv.paint(gblur(m, 1.0), (224, 228, 236), tex=0.03, scale=0.03, shade=(hy, 1, 0.88, 1.02))
        # the boardwalk running away to the right
        p = cv.pen()
        cam.quad(p, [(1.0, 0.3, 1.0), (3.5, 0.3, 1.0), (3.5, 0.3, 200), (1.0, 0.3, 200)], (150, 130, 110))
        cv.stamp(p, tex=0.1, scale=0.01)
        p = cv.pen()
        Z = 1.2
        while Z < 150:
            cam.quad(p, [(1.0, 0.31, Z), (3.5, 0.31, Z), (3.5, 0.31, Z + 0.03), (1.0, 0.31, Z + 0.03)], (90, 76, 64))
            Z += 0.25
        for Z in (2, 4, 8, 16, 32, 64):
            cam.pole(p, 1.05, Z, 1.3, (80, 70, 62), 0.1)
            cam.pole(p, 4.8, Z * 1.5, 4.5, (40, 40, 44), 0.12)
        xa, ya = cam.P(1.05, 1.3, 1.2)
        xb, yb = cam.P(1.05, 1.3, 150)
        p.line([(xa, ya), (xb, yb)], (90, 78, 66), 0.006)
        cv.stamp(p, tex=0.05)
        p = cv.pen()
        cam.quad(p, [(1.0, 0.32, 1.0), (2.2, 0.32, 1.0), (1.5, 0.32, 200), (1.0, 0.32, 200)], (236, 238, 244, 200))
        cv.stamp(p, tex=0.06, soft=4)
    else:
        p = cv.pen()
        boats = sorted([(cv.r(-14, 10), cv.r(14, 60)) for _ in range(7)], key=lambda t: -t[1])
        for X, Z in boats:
            c = cv.pick([(240, 240, 236), (200, 60, 50), (60, 90, 140), (230, 200, 80)])
            cam.quad(p, [(X, 0.0, Z), (X + 6, 0.0, Z), (X + 6.6, 1.0, Z), (X - 0.3, 1.2, Z)], c)
            cam.box(p, X + 1.0, X + 3.4, 1.0, 2.6, Z, Z + 0.1, (236, 236, 232))
            cam.quad(p, [(X + 1.4, 1.8, Z - 0.01), (X + 3.0, 1.8, Z - 0.01), (X + 3.0, 2.3, Z - 0.01), (X + 1.4, 2.3, Z - 0.01)], (50, 60, 70))
            cam.pole(p, X + 2.2, Z + 0.05, 7, (200, 200, 200), 0.05)
        cv.stamp(p, tex=0.04)
        p = cv.pen()  # the wharf in the foreground
        cam.quad(p, [(-8, 1.2, 1.0), (8, 1.2, 1.0), (8, 1.2, 3.2), (-8, 1.2, 3.2)], (150, 126, 100))
        for X in np.arange(-8, 8, 1.6):
            cam.box(p, float(X), float(X) + 0.3, -0.3, 1.25, 3.2, 3.5, (70, 56, 44))
        cv.stamp(p, tex=0.05, scale=0.02)
        p = cv.pen()
        for k in range(40):
            cam.quad(p, [(-8, 1.21, 1.0 + k * 0.055), (8, 1.21, 1.0 + k * 0.055), (8, 1.21, 1.0 + k * 0.055 + 0.006),
                         (-8, 1.21, 1.0 + k * 0.055 + 0.006)], (90, 74, 60))
        cv.stamp(p, tex=0.05)


def scene_downtown(cv: Canvas, pal="golden"):
    """A main street of two- and three-storey brick buildings on a summer evening."""
    hy = 0.5
    P = _sky(cv, pal, hy, clouds=0.5)
    haze = P["haze"]
    cam = Cam(cv, hy=hy, vx=0.52, f=1.0, height=1.6)
    ground(cv, hy, (110, 108, 106), (96, 96, 98), tex=0.08, detail=0.03, vx=0.52)
    p = cv.pen()
    for sgn in (-1, 1):
        cam.quad(p, [(sgn * 5, 0.15, 1.0), (sgn * 8, 0.15, 1.0), (sgn * 8, 0.15, 300), (sgn * 5, 0.15, 300)], (170, 166, 160))
    cv.stamp(p, tex=0.06, scale=0.02)
    bricks = [(150, 70, 55), (170, 100, 70), (120, 60, 50), (200, 180, 150), (110, 90, 80), (160, 130, 100)]
    awn = [(30, 90, 60), (160, 40, 40), (40, 60, 110), (200, 150, 40)]
    items = []
    for sgn in (-1, 1):
        Z = 3.0
        while Z < 180:
            L = cv.r(7, 12)
            items.append((sgn, Z, L, cv.r(6.5, 11), cv.pick(bricks), cv.pick(awn)))
            Z += L
    for sgn, Z, L, H, brick, aw in sorted(items, key=lambda t: -t[1]):
        Xs = sgn * 8.0
        p = cv.pen()
        far = Xs + sgn * 12
        cam.quad(p, [(Xs, 0, Z), (Xs, 0, Z + L), (Xs, H, Z + L), (Xs, H, Z)], brick)
        cam.quad(p, [(Xs, 0, Z), (far, 0, Z), (far, H, Z), (Xs, H, Z)], tuple(c * 0.7 for c in brick))
        cam.quad(p, [(Xs - sgn * 0.3, H, Z), (Xs - sgn * 0.3, H, Z + L), (Xs, H - 0.6, Z + L), (Xs, H - 0.6, Z)], tuple(c * 0.8 for c in brick))
        for fl in range(1, int(H / 3.2)):
            for k in range(int(L / 2.2)):
                za = Z + 0.6 + k * 2.2
                cam.quad(p, [(Xs, fl * 3.2 + 0.8, za), (Xs, fl * 3.2 + 0.8, za + 1.1), (Xs, fl * 3.2 + 2.4, za + 1.1), (Xs, fl * 3.2 + 2.4, za)],
                         cv.pick([(60, 70, 86), (80, 90, 104), (200, 190, 170)]))
        cam.quad(p, [(Xs, 0.3, Z + 0.5), (Xs, 0.3, Z + L - 0.5), (Xs, 2.6, Z + L - 0.5), (Xs, 2.6, Z + 0.5)], (50, 60, 70))
        cam.quad(p, [(Xs, 2.9, Z + 0.3), (Xs, 2.9, Z + L - 0.3), (Xs - sgn * 1.4, 2.4, Z + L - 0.3), (Xs - sgn * 1.4, 2.4, Z + 0.3)], aw)
        lit = cv.stamp(p, tex=0.04, scale=0.01)
        cv.haze(lit * np.clip(1 - np.abs(cv.Y - hy) * 5, 0, 1), haze, 0.3)
    p = cv.pen()
    for Z in (5, 11, 22, 44):
        for sgn in (-1, 1):
            x, y = cam.P(sgn * 6.0, 0.15, Z)
            leafy_tree(cv, p, x, y, cam.f * 5.5 / Z, [(60, 100, 50), (80, 120, 60), (50, 80, 40)], blobs=30)
    cv.stamp(p, tex=0.08, scale=0.01)
    p = cv.pen()
    spots = [(cv.r(-7.5, -5.2) if cv.r() < 0.5 else cv.r(5.2, 7.5), cv.r(5, 40)) for _ in range(12)]
    for X, Z in sorted(spots, key=lambda t: -t[1]):
        x, y = cam.P(X, 0.15, Z)
        person(cv, p, x, y, cam.f * 1.7 / Z, cv.pick([(200, 60, 60), (40, 60, 100), (230, 230, 220), (60, 60, 60), (200, 150, 40)]),
               skin=cv.pick([(90, 60, 45), (190, 140, 110), (150, 105, 80)]))
    for Z, X in ((14, -3.5), (30, 3.5), (60, -3.5)):
        car3d(cam, p, X, Z, cv.pick([(150, 30, 34), (210, 212, 214), (40, 44, 52)]))
    cv.stamp(p, tex=0.04)


def scene_forest_stairs(cv: Canvas, season="autumn"):
    """A wooden staircase climbing through a ravine forest in October (portrait)."""
    hy = 0.42
    cv.img[:] = cv.vgrad([(0, (236, 214, 160)), (0.5, (170, 130, 80)), (1, (90, 70, 50))])
    n = cv.noise(0.12, 6)
    fol = [(200, 120, 40), (220, 170, 60), (170, 70, 30), (120, 110, 50), (230, 190, 90)]
    for i, c in enumerate(fol):
        m = smoothstep(0.2 + i * 0.25, 0.6 + i * 0.25, n + cv.noise(0.05, 4) * 0.6) * (cv.Y < 0.75)
        cv.paint(m, c, tex=0.15, scale=0.01, alpha=0.8)
    # light coming through the canopy
    cv.glow(0.35, 0.1, 0.35, (255, 230, 170), 0.5)
    cam = Cam(cv, hy=hy, vx=0.55, f=0.75, height=1.6)
    # trunks at various depths, far ones hazier and blurred
    trunks = sorted([(cv.r(-9, 9), cv.r(3, 30)) for _ in range(34)], key=lambda t: -t[1])
    for X, Z in trunks:
        if abs(X) < 1.3 and Z < 14:
            continue
        p = cv.pen()
        x0, y0 = cam.P(X, 0.8 * Z / 10, Z)
        width = cam.f * cv.r(0.2, 0.45) / Z
        c = mix(cv.pick([(70, 60, 52), (100, 92, 84), (60, 50, 44)]), (200, 170, 120), min(0.7, Z / 40))
        p.rect(x0 - cv.sx(width), -0.05, x0 + cv.sx(width), y0, c)
        cv.stamp(p, tex=0.12, scale=0.008, shade=(0, y0, 0.8, 1.0))
    cv.blur(1.2)
    # leaf-covered slope
    m = np.clip((cv.Y - (hy + 0.02 - 0.12 * (cv.X - 0.5))) * 40, 0, 1)
    cv.paint(m, (150, 90, 40), tex=0.3, scale=0.01, shade=(hy, 1, 0.9, 0.6))
    p = cv.pen()
    for _ in range(1200):
        x, y = cv.r(), cv.r(hy, 1)
        s = 0.002 + 0.01 * (y - hy)
        p.ellipse(x, y, s, s * 0.5, cv.jitter(cv.pick(fol), 20))
    cv.stamp(p, tex=0.1, shade=(hy, 1, 0.95, 0.7))
    # the stairs: treads and risers climbing away, with a handrail on the left
    p = cv.pen()
    steps = 42
    for i in reversed(range(steps)):
        Z = 1.6 + i * 0.32
        Y = i * 0.19
        c = mix((150, 110, 70), (200, 170, 120), min(0.6, i / 60))
        cam.quad(p, [(-0.7, Y + 0.19, Z), (0.7, Y + 0.19, Z), (0.7, Y + 0.19, Z + 0.32), (-0.7, Y + 0.19, Z + 0.32)], c)
        cam.quad(p, [(-0.7, Y, Z), (0.7, Y, Z), (0.7, Y + 0.19, Z), (-0.7, Y + 0.19, Z)], tuple(v * 0.55 for v in c))
        if i % 6 == 0:
            for X in (-0.8, 0.8):
                xa, ya = cam.P(X, Y + 0.19, Z)
                xb, yb = cam.P(X, Y + 1.1, Z)
                p.line([(xa, ya), (xb, yb)], (90, 64, 44), max(0.002, 0.06 * cam.f / Z))
    for X in (-0.8, 0.8):
        pts = [cam.P(X, i * 0.19 + 1.1, 1.6 + i * 0.32) for i in range(0, steps, 2)]
        p.line(pts, (110, 80, 54), 0.006)
    cv.stamp(p, tex=0.08, scale=0.01)
    cv.glow(0.3, 0.35, 0.5, (255, 200, 120), 0.2)


def scene_rocks(cv: Canvas, pal="summer"):
    """Black and pink rock over a lake, small pines growing out of the cracks."""
    hy = 0.44
    P = _sky(cv, pal, hy, clouds=0.6)
    haze = P["haze"]
    hills(cv, hy + 0.004, 0.06, mix((40, 62, 46), haze, 0.4), cells=3, light=0.2, darken=0.1, tex=0.15)
    p = cv.pen()
    for _ in range(140):
        conifer(p, cv.r(-0.02, 1.02), hy + cv.r(-0.01, 0.01), cv.r(0.03, 0.06), mix((30, 50, 36), haze, 0.4), rng=cv.rng)
    cv.stamp(p, tex=0.06)
    reflect(cv, hy + 0.008, 1.0, tint=(40, 56, 70), strength=0.7, ripple=0.005)
    # the outcrop
    top = 0.62 - 0.16 * np.clip(1 - cv.X[0] * 1.4, 0, 1) - 0.05 * (0.5 + 0.5 * cv.noise1d(3, 6, 0.55))
    m = cv.below(top)
    # weathered gneiss: dark grey, pinkish bands running diagonally, broad rounded relief
    rock = col((70, 68, 70)) * (1 + 0.1 * cv.noise(0.3, 3))[..., None]
    warp = cv.noise(0.2, 3) * 0.05
    bands = 0.5 + 0.5 * np.sin((cv.X * 0.6 + cv.Y * (cv.h / cv.w) + warp) * 2 * math.pi * 9)
    pink = smoothstep(0.75, 1.0, bands) * smoothstep(-0.3, 0.6, cv.noise(0.15, 3))
    rock = rock + pink[..., None] * (col((136, 108, 104)) - rock) * 0.5
    hf = gblur(cv.noise(0.18, 4, stretch=1.3), 3.0)
    relief = (np.roll(hf, 4, axis=1) - hf) * (1000 / cv.w) * 1.5 + (np.roll(hf, 4, axis=0) - hf) * (1000 / cv.h) * 1.5
    rock = rock * (1 + np.clip(relief, -0.3, 0.3))[..., None] * (1 + 0.04 * cv.tex(0.02))[..., None]
    rock = rock * (1.25 - 0.5 * np.clip((cv.Y - top[None, :]) * 3, 0, 1))[..., None]
    cv.blend(m, rock)
    p = cv.pen()
    for _ in range(30):  # cracks
        x, y = cv.r(0, 1), cv.r(0.55, 1)
        pts = [(x, y)]
        for _ in range(6):
            x += cv.r(-0.04, 0.04)
            y += cv.r(0.0, 0.04)
            pts.append((x, y))
        p.line(pts, (24, 22, 24, 200), 0.0025)
    for _ in range(22):  # lichen
        x, y, r = cv.r(0, 1), cv.r(0.6, 1), cv.r(0.012, 0.03)
        for _ in range(5):
            p.ellipse(x + cv.sx(cv.r(-r, r)), y + cv.sy(cv.r(-r, r) * 0.5), r * cv.r(0.3, 0.6), r * cv.r(0.2, 0.4), (172, 176, 150, 110))
    cv.stamp(p, tex=0.1, soft=1.5, alpha=1.0)
    cv.blend(m * 0, rock)
    p = cv.pen()
    for x, h in ((0.18, 0.42), (0.3, 0.22), (0.8, 0.3)):
        y = float(top[int(x * cv.w)]) + 0.01
        conifer(p, x, y, h, (36, 56, 40), rng=cv.rng, tiers=6, slim=0.4, lean=0.3)
    cv.stamp(p, tex=0.12, scale=0.01)


def scene_balcony(cv: Canvas, pal="winter_dawn"):
    """From a fourth-floor balcony in January: snowy roofs, chimneys smoking, bread on the railing."""
    hy = 0.3
    P = _sky(cv, pal, hy, clouds=0.3)
    haze = P["haze"]
    hills(cv, hy + 0.01, 0.05, mix((60, 70, 80), haze, 0.5), cells=3, light=0.2)
    cam = Cam(cv, hy=hy, vx=0.5, f=1.2, height=14)
    ground(cv, hy + 0.01, mix((200, 204, 220), haze, 0.4), (220, 224, 236), tex=0.05)
    roofs = sorted([(cv.r(-60, 60), cv.r(20, 160)) for _ in range(90)], key=lambda t: -t[1])
    for X, Z in roofs:
        p = cv.pen()
        w, d, H = cv.r(6, 10), cv.r(8, 12), cv.r(3, 7)
        cam.box(p, X, X + w, 0, H, Z, Z + d, cv.pick([(150, 90, 80), (200, 190, 170), (110, 120, 130), (170, 160, 150)]))
        cam.quad(p, [(X - 0.3, H, Z), (X + w + 0.3, H, Z), (X + w + 0.3, H, Z + d), (X - 0.3, H, Z + d)], (232, 236, 244))
        lit = cv.stamp(p, tex=0.04, scale=0.01)
        cv.haze(lit, haze, min(0.6, Z / 200))
        if cv.r() < 0.12:
            x, y = cam.P(X + w / 2, H + 1, Z + d / 2)
            dd = np.sqrt(((cv.X - x - (y - cv.Y) * 0.5) * cv.w / cv.u / 0.02) ** 2 + ((cv.Y - y + 0.05) / 0.06) ** 2)
            mm = np.clip(1 - dd, 0, 1) * (cv.Y < y)
            cv.blend(gblur(mm, 2), col((236, 230, 236)), 0.5)
    cv.blur(1.4)
    # the railing, close and in focus
    p = cv.pen()
    rail = 0.68
    p.rect(-0.01, rail, 1.01, rail + 0.025, (58, 60, 66))
    for k in range(14):
        x = k / 13
        p.rect(x - 0.004, rail + 0.02, x + 0.004, 1.01, (50, 52, 58))
    p.rect(-0.01, 0.97, 1.01, 1.01, (50, 52, 58))
    cv.stamp(p, tex=0.05, scale=0.01, shade=(rail, 1, 1.1, 0.8))
    m = np.clip((rail + 0.003 - cv.Y + 0.02 * cv.noise1d(12, 4)[None, :]) * 200, 0, 1) * (cv.Y > rail - 0.05) * (cv.Y < rail + 0.01)
    cv.paint(m, (240, 242, 248), tex=0.05, scale=0.02, shade=(rail - 0.05, rail, 1.0, 0.9))
    p = cv.pen()  # saucer of bread, and a sparrow
    p.ellipse(0.36, rail - 0.018, 0.07, 0.016, (236, 232, 226))
    for _ in range(14):
        p.ellipse(0.36 + cv.r(-0.04, 0.04), rail - 0.028 + cv.r(-0.008, 0.006), 0.008, 0.006, cv.jitter((200, 160, 110), 15))
    p.ellipse(0.55, rail - 0.035, 0.022, 0.015, (120, 90, 66))
    p.ellipse(0.535, rail - 0.055, 0.011, 0.011, (96, 72, 54))
    p.poly([(0.565, rail - 0.037), (0.6, rail - 0.03), (0.6, rail - 0.022), (0.565, rail - 0.03)], (90, 70, 52))
    p.ellipse(0.53, rail - 0.057, 0.002, 0.002, (10, 10, 10))
    p.poly([(0.523, rail - 0.055), (0.512, rail - 0.052), (0.523, rail - 0.05)], (60, 50, 40))
    cv.stamp(p, tex=0.05, soft=1.0)
    snowfall(cv, n=250, size=(0.8, 2.6), alpha=0.6)


# --------------------------------------------------------------------------------------
# Indoor scenes
# --------------------------------------------------------------------------------------


def room(cv: Canvas, cam: Cam, W=9.0, H=3.0, D=14.0, wall=(220, 214, 200), floor=(150, 120, 90), ceiling=(228, 226, 220),
         planks=True, tiles=False, lights="panels", light_rgb=(255, 250, 236), windows="left", window_rgb=(220, 232, 246)):
    """A box-shaped room seen from inside; returns nothing, paints the shell."""
    cv.img[:] = col(ceiling)
    if planks or tiles:
        ground(cv, cam.hy, floor, floor, tex=0.045, vx=cam.vx, detail=0.02,
               stripes=(cam.f * cv.u / cv.w * 2 * math.pi / 0.18, 1.5, 0.2) if planks else (cam.f * cv.u / cv.w * 2 * math.pi / 0.5, 30, 0.3))
    else:
        ground(cv, cam.hy, floor, floor, tex=0.05, vx=cam.vx, detail=0.04)
    p = cv.pen()
    Zn = 0.3
    cam.quad(p, [(-W / 2, 0, Zn), (-W / 2, 0, D), (-W / 2, H, D), (-W / 2, H, Zn)], tuple(c * 0.86 for c in wall))
    cam.quad(p, [(W / 2, 0, Zn), (W / 2, 0, D), (W / 2, H, D), (W / 2, H, Zn)], tuple(c * 0.94 for c in wall))
    cam.quad(p, [(-W / 2, H, Zn), (W / 2, H, Zn), (W / 2, H, D), (-W / 2, H, D)], ceiling)
    cam.quad(p, [(-W / 2, 0, D), (W / 2, 0, D), (W / 2, H, D), (-W / 2, H, D)], wall)
    # skirting boards
    for X in (-W / 2, W / 2):
        cam.quad(p, [(X, 0, Zn), (X, 0, D), (X, 0.12, D), (X, 0.12, Zn)], tuple(c * 0.6 for c in wall))
    cv.stamp(p, tex=0.012, scale=0.05)
    # light falls off towards the back and the corners
    cv.img *= (0.82 + 0.18 * np.clip(np.abs(cv.Y - cam.hy) * 3, 0, 1))[..., None]
    if windows in ("left", "both"):
        p = cv.pen()
        for k in range(3):
            za, zb = 1.5 + k * (D - 2) / 3, 1.5 + k * (D - 2) / 3 + (D - 2) / 3 * 0.7
            cam.quad(p, [(-W / 2, 0.9, za), (-W / 2, 0.9, zb), (-W / 2, H - 0.3, zb), (-W / 2, H - 0.3, za)], window_rgb)
        cv.stamp(p, tex=0.02)
        p = cv.pen()
        for k in range(3):
            za = 1.5 + k * (D - 2) / 3
            zb = za + (D - 2) / 3 * 0.7
            cam.quad(p, [(-W / 2, 0.02, za), (-W / 2 + 3.5, 0.02, za + 1.0), (-W / 2 + 3.5, 0.02, zb + 1.0), (-W / 2, 0.02, zb)],
                     (*window_rgb, 60))
        cv.stamp(p, tex=0, soft=12)
    if windows in ("back", "both"):
        p = cv.pen()
        cam.quad(p, [(-W * 0.3, 0.8, D), (W * 0.3, 0.8, D), (W * 0.3, H - 0.25, D), (-W * 0.3, H - 0.25, D)], window_rgb)
        cv.stamp(p, tex=0.02)
        x, y = cam.P(0, H / 2, D)
        cv.glow(x, y, 0.25, window_rgb, 0.25)
    if lights == "panels":
        p = cv.pen()
        spots = []
        for Z in np.arange(2.0, D, 2.5):
            for X in (-W / 4, W / 4):
                cam.quad(p, [(X - 0.6, H - 0.01, Z), (X + 0.6, H - 0.01, Z), (X + 0.6, H - 0.01, Z + 0.6), (X - 0.6, H - 0.01, Z + 0.6)],
                         light_rgb)
                spots.append(cam.P(X, H, Z + 0.3) + (Z,))
        cv.stamp(p, tex=0)
        for x, y, Z in spots:
            cv.glow(x, y, 0.5 / Z, light_rgb, 0.35)
    elif lights == "pendants":
        for Z in np.arange(2.5, D, 3.0):
            for X in (-W / 4, W / 4):
                p = cv.pen()
                x0, y0 = cam.P(X, H, Z)
                x1, y1 = cam.P(X, H - 0.8, Z)
                p.line([(x0, y0), (x1, y1)], (30, 30, 30), 0.0015)
                p.ellipse(x1, y1, 0.12 / Z, 0.06 / Z, (255, 236, 190))
                cv.stamp(p, tex=0)
                cv.glow(x1, y1, 0.7 / Z, light_rgb, 0.5)


def table3d(cam: Cam, p: Pen, X0, X1, Z0, Z1, Y=0.75, top=(200, 190, 170), legs=(80, 80, 84), cloth=None):
    cam.box(p, X0, X1, Y - 0.04, Y, Z0, Z1, cloth or top, side=0.8, top=1.05)
    if cloth:
        cam.quad(p, [(X0, Y - 0.3, Z0), (X1, Y - 0.3, Z0), (X1, Y, Z0), (X0, Y, Z0)], tuple(c * 0.9 for c in cloth))
    for X in (X0 + 0.05, X1 - 0.05):
        cam.pole(p, X, Z0 + 0.05, Y - 0.04, legs, 0.04)


def chair3d(cam: Cam, p: Pen, X, Z, rgb=(60, 70, 90), facing=1):
    cam.box(p, X - 0.22, X + 0.22, 0.44, 0.48, Z, Z + 0.44, rgb)
    bz = Z + 0.42 if facing > 0 else Z
    cam.box(p, X - 0.22, X + 0.22, 0.48, 0.88, bz, bz + 0.04, rgb)
    for dx in (-0.2, 0.2):
        cam.pole(p, X + dx, Z + 0.02, 0.44, (50, 50, 54), 0.025)


def seated(cv: Canvas, cam: Cam, p: Pen, X, Z, clothes, scarf=None, skin=(160, 115, 85), hair=(30, 25, 22)):
    x, y = cam.P(X, 0.45, Z)
    person(cv, p, x, y, cam.f * 1.3 / Z, clothes, sitting=True, skin=skin, hair=scarf or hair, hat=scarf)


def shelf_wall(cv: Canvas, cam: Cam, p: Pen, X, Z0, Z1, levels, colors, item=0.22, H0=0.2, gap=0.45, kind="books"):
    """Shelving along a side wall: rows of book spines or products receding in perspective."""
    for lv in range(levels):
        Y = H0 + lv * gap
        Z = Z0
        while Z < Z1:
            w = item * cv.r(0.4, 1.0) if kind == "books" else item
            h = gap * cv.r(0.6, 0.85)
            c = cv.jitter(cv.pick(colors), 14)
            Xi = X + (0.02 if X < 0 else -0.02)
            cam.quad(p, [(Xi, Y, Z), (Xi, Y, Z + w * 0.95), (Xi, Y + h, Z + w * 0.95), (Xi, Y + h, Z)], c)
            Z += w
        cam.quad(p, [(X, Y - 0.03, Z0), (X, Y - 0.03, Z1), (X + (0.35 if X < 0 else -0.35), Y - 0.03, Z1),
                     (X + (0.35 if X < 0 else -0.35), Y - 0.03, Z0)], (200, 200, 196))


def scene_interior(cv: Canvas, kind="classroom"):
    cfg = dict(
        classroom=dict(W=8, H=2.8, D=10, wall=(226, 222, 210), floor=(170, 160, 140), planks=False, tiles=True, lights="panels",
                       windows="left", cam=(0.42, 0.5, 0.9, 1.5)),
        library=dict(W=3.4, H=3.2, D=16, wall=(200, 188, 170), floor=(110, 80, 60), ceiling=(150, 118, 90), planks=False, tiles=False,
                     lights="pendants", light_rgb=(255, 214, 160), windows="back", window_rgb=(236, 204, 166),
                     cam=(0.5, 0.5, 0.9, 1.5)),
        hall=dict(W=10, H=2.7, D=14, wall=(224, 220, 196), floor=(150, 140, 120), planks=False, tiles=True, lights="panels",
                  windows="left", cam=(0.45, 0.5, 0.9, 1.6)),
        church=dict(W=11, H=6.5, D=22, wall=(226, 210, 180), floor=(120, 70, 50), planks=True, lights="pendants",
                    light_rgb=(255, 220, 160), windows="none", cam=(0.45, 0.5, 0.85, 1.6)),
        langar=dict(W=10, H=3.2, D=16, wall=(236, 230, 214), floor=(190, 180, 170), planks=False, tiles=True, lights="panels",
                    windows="left", cam=(0.52, 0.5, 0.85, 1.7)),
        gym=dict(W=16, H=7.5, D=26, wall=(200, 196, 186), floor=(196, 150, 96), planks=True, lights="panels", windows="none",
                 cam=(0.45, 0.5, 0.8, 1.6)),
        bakery=dict(W=6, H=3.0, D=9, wall=(210, 206, 196), floor=(130, 126, 120), planks=False, tiles=True, lights="panels",
                    light_rgb=(255, 226, 180), windows="none", cam=(0.5, 0.48, 0.8, 1.6)),
        factory=dict(W=14, H=6.0, D=40, wall=(190, 196, 200), floor=(150, 156, 160), planks=False, tiles=False, lights="panels",
                     light_rgb=(236, 246, 255), windows="none", cam=(0.5, 0.5, 0.9, 1.7)),
        kitchen=dict(W=5, H=2.8, D=7, wall=(200, 200, 196), floor=(120, 110, 100), planks=False, tiles=True, lights="panels",
                     light_rgb=(255, 236, 200), windows="none", cam=(0.5, 0.5, 0.75, 1.6)),
        bunkhouse=dict(W=5.5, H=2.5, D=8, wall=(150, 136, 110), floor=(90, 76, 60), planks=True, lights="none",
                       windows="back", window_rgb=(40, 60, 110), cam=(0.5, 0.5, 0.75, 1.4)),
        circle=dict(W=8, H=2.8, D=9, wall=(226, 216, 196), floor=(140, 110, 90), planks=False, tiles=False, lights="pendants",
                    windows="left", window_rgb=(240, 240, 246), cam=(0.5, 0.45, 0.8, 1.6)),
    )[kind]
    hy, vx, f, ch = cfg.pop("cam")
    cam = Cam(cv, hy=hy, vx=vx, f=f, height=ch)
    room(cv, cam, **cfg)
    W, D = cfg["W"], cfg["D"]
    people_cols = [(40, 60, 110), (150, 40, 60), (230, 226, 216), (60, 100, 80), (200, 150, 60), (110, 70, 130), (30, 30, 34)]
    skins = [(170, 124, 94), (120, 84, 60), (200, 160, 130), (90, 62, 48), (150, 105, 80)]
    scarves = [(140, 40, 70), (30, 30, 40), (60, 90, 140), (200, 190, 170), (100, 60, 40)]
    if kind == "classroom":
        p = cv.pen()
        cam.quad(p, [(-2.5, 0.9, D - 0.01), (2.5, 0.9, D - 0.01), (2.5, 2.3, D - 0.01), (-2.5, 2.3, D - 0.01)], (246, 246, 244))
        cv.stamp(p, tex=0.01)
        p = cv.pen()
        x0, y0 = cam.P(-2.3, 2.2, D)
        x1, y1 = cam.P(2.3, 1.0, D)
        scribbles(cv, p, x0, y0, x1, y1, (30, 60, 140), lines=6, width=0.0018)
        scribbles(cv, p, x0 + (x1 - x0) * 0.6, y0, x1, y0 + (y1 - y0) * 0.4, (170, 40, 40), lines=2, width=0.002)
        for k in range(5):  # posters
            cam.quad(p, [(W / 2, 1.2, 2 + k * 1.5), (W / 2, 1.2, 2.8 + k * 1.5), (W / 2, 2.1, 2.8 + k * 1.5), (W / 2, 2.1, 2 + k * 1.5)],
                     cv.pick([(240, 200, 80), (120, 180, 220), (240, 140, 120), (160, 210, 150)]))
        cv.stamp(p, tex=0.02)
        for Z in (7.5, 5.5, 3.5):
            p = cv.pen()
            for X0 in (-3.2, 0.4):
                table3d(cam, p, X0, X0 + 2.8, Z, Z + 0.8, top=(210, 200, 180))
                for k in range(3):
                    X = X0 + 0.5 + k * 0.9
                    cam.quad(p, [(X - 0.15, 0.751, Z + 0.2), (X + 0.15, 0.751, Z + 0.2), (X + 0.15, 0.751, Z + 0.55), (X - 0.15, 0.751, Z + 0.55)],
                             (246, 246, 244))
                    seated(cv, cam, p, X, Z - 0.45, cv.pick(people_cols), scarf=cv.pick(scarves) if cv.r() < 0.6 else None,
                           skin=cv.pick(skins))
            cv.stamp(p, tex=0.04)
    elif kind == "library":
        p = cv.pen()
        for X in (-W / 2, W / 2):
            shelf_wall(cv, cam, p, X, 0.6, D - 0.3, 7, [(150, 40, 40), (40, 70, 120), (200, 180, 120), (60, 100, 70), (230, 226, 210),
                                                        (30, 30, 34), (180, 120, 50)], item=0.09, H0=0.12, gap=0.42)
        cv.stamp(p, tex=0.05, scale=0.01)
        p = cv.pen()
        for Z in (12.5, 9.5):
            table3d(cam, p, -0.8, 0.8, Z, Z + 1.2, top=(140, 96, 60))
            for X in (-0.45, 0.45):
                x, y = cam.P(X, 0.76, Z + 0.6)
                p.ellipse(x, y - cv.sy(0.05 / Z), 0.12 / Z, 0.06 / Z, (30, 90, 60))
        seated(cv, cam, p, -0.4, 9.2, (60, 60, 66), skin=(200, 160, 130))
        cv.stamp(p, tex=0.04)
        for Z in (12.5, 9.5):
            for X in (-0.45, 0.45):
                x, y = cam.P(X, 0.95, Z + 0.6)
                cv.glow(x, y, 0.5 / Z, (255, 210, 140), 0.35)
    elif kind == "hall":
        p = cv.pen()
        for k in range(18):  # bulletin board
            X = -3 + (k % 6) * 0.9 + cv.r(-0.1, 0.1)
            Y = 1.1 + (k // 6) * 0.45 + cv.r(-0.05, 0.05)
            cam.quad(p, [(X, Y, D - 0.01), (X + 0.6, Y, D - 0.01), (X + 0.6, Y + 0.38, D - 0.01), (X, Y + 0.38, D - 0.01)],
                     cv.pick([(250, 250, 246), (250, 230, 120), (180, 220, 240), (250, 190, 190), (200, 240, 190)]))
        for k in range(7):  # stacked chairs against the right wall
            cam.box(p, W / 2 - 0.6, W / 2 - 0.1, 0.0, 1.2, 4 + k * 0.5, 4.4 + k * 0.5, (70, 80, 110))
        cv.stamp(p, tex=0.03)
        cv.blur(1.2)
        p = cv.pen()
        table3d(cam, p, -2.8, 2.2, 2.2, 3.1, cloth=(236, 232, 220))
        table3d(cam, p, -2.8, 2.2, 6.0, 6.9, cloth=(236, 232, 220))
        for k in range(6):
            X = -2.5 + k * 0.8
            cam.quad(p, [(X, 0.752, 2.35), (X + 0.42, 0.752, 2.35), (X + 0.42, 0.752, 2.7), (X, 0.752, 2.7)], (250, 250, 248))
        seated(cv, cam, p, -0.5, 3.4, (120, 70, 120), skin=(220, 190, 170), hair=(220, 220, 220))
        seated(cv, cam, p, 1.2, 6.6, (70, 100, 160), skin=(220, 190, 170), hair=(150, 110, 60))
        cv.stamp(p, tex=0.015, scale=0.04)
        p = cv.pen()
        for X in (-2.0, 0.6, 1.4):
            x, y = cam.P(X, 0.75, 2.5)
            r = 0.05 * cam.f / 2.5
            p.rect(x - cv.sx(r), y - cv.sy(r * 2.0), x + cv.sx(r), y, cv.pick([(240, 240, 236), (200, 60, 50), (60, 90, 150)]), r=r * 0.3)
        x, y = cam.P(1.8, 0.75, 2.6)
        p.rect(x - cv.sx(0.03), y - cv.sy(0.12), x + cv.sx(0.03), y, (190, 190, 196), r=0.01)
        cv.stamp(p, tex=0.03)
    elif kind == "church":
        p = cv.pen()
        for k in range(4):  # stained glass on both walls
            za = 4 + k * 4.5
            for X in (-W / 2, W / 2):
                for i in range(6):
                    for j in range(3):
                        ya = 2.8 + i * 0.45
                        zb = za + j * 0.5
                        cam.quad(p, [(X, ya, zb), (X, ya, zb + 0.48), (X, ya + 0.43, zb + 0.48), (X, ya + 0.43, zb)],
                                 cv.pick([(200, 40, 40), (40, 80, 180), (230, 190, 60), (60, 150, 90), (240, 230, 200)]))
        cv.stamp(p, tex=0.04)
        p = cv.pen()
        cam.box(p, -2.5, 2.5, 0, 0.5, D - 4, D - 0.5, (150, 100, 70))
        cam.box(p, -0.8, 0.8, 0.5, 1.5, D - 3, D - 2.5, (210, 200, 180))
        x0, y0 = cam.P(-0.1, 3.2, D - 0.01)
        x1, y1 = cam.P(0.1, 4.6, D - 0.01)
        p.rect(x0, y0, x1, y1, (180, 150, 90))
        x0, y0 = cam.P(-0.5, 4.1, D - 0.01)
        x1, y1 = cam.P(0.5, 4.25, D - 0.01)
        p.rect(x0, y0, x1, y1, (180, 150, 90))
        for k in range(6):
            X = -2.2 + k * 0.9
            x, y = cam.P(X, 0.5, D - 3.2)
            person(cv, p, x, y, cam.f * 1.7 / (D - 3.2), cv.pick([(240, 236, 230), (120, 30, 60), (30, 80, 60), (230, 170, 40)]),
                   skin=cv.pick([(90, 62, 48), (200, 160, 130), (120, 84, 60)]))
        cv.stamp(p, tex=0.04)
        for Z in np.arange(D - 7, 2.5, -1.6):
            p = cv.pen()
            for X0, X1 in ((-W / 2 + 0.4, -0.7), (0.7, W / 2 - 0.4)):
                cam.box(p, X0, X1, 0.0, 0.9, Z, Z + 0.12, (110, 64, 40))
                cam.box(p, X0, X1, 0.4, 0.46, Z - 0.45, Z, (120, 72, 46))
            cv.stamp(p, tex=0.06, scale=0.01)
        cv.img *= np.array([1.06, 1.0, 0.9], np.float32)
    elif kind == "langar":
        p = cv.pen()
        for X in (-2.2, 0.0, 2.2):
            cam.quad(p, [(X - 0.5, 0.01, 1.0), (X + 0.5, 0.01, 1.0), (X + 0.5, 0.01, D - 1), (X - 0.5, 0.01, D - 1)],
                     cv.pick([(180, 40, 50), (200, 160, 60), (60, 70, 140)]))
        cv.stamp(p, tex=0.08, scale=0.01)
        for Z in np.arange(D - 2, 2.0, -1.1):
            p = cv.pen()
            for X in (-2.9, -1.5, -0.7, 0.7, 1.5, 2.9):
                if cv.r() < 0.15:
                    continue
                x, y = cam.P(X, 0.0, Z)
                person(cv, p, x, y, cam.f * 1.05 / Z, cv.pick(people_cols), sitting=True, skin=cv.pick(skins),
                       hair=cv.pick([(230, 120, 40), (240, 240, 240), (30, 40, 100), (200, 40, 60), (30, 28, 26)]))
                px, py = cam.P(X * 0.82, 0.02, Z)
                p.ellipse(px, py, 0.1 / Z, 0.03 / Z, (220, 224, 228))
            cv.stamp(p, tex=0.04)
        p = cv.pen()
        x, y = cam.P(0.1, 0, 3.0)
        person(cv, p, x, y, cam.f * 1.7 / 3.0, (240, 150, 40), skin=(150, 105, 80), hair=(240, 150, 40))
        cv.stamp(p, tex=0.04)
    elif kind == "gym":
        p = cv.pen()
        for X in (-5.0, 5.0):
            cam.quad(p, [(X - 0.04, 0.01, 3), (X + 0.04, 0.01, 3), (X + 0.04, 0.01, 20), (X - 0.04, 0.01, 20)], (240, 240, 240))
        for Z in (3, 8, 11.5, 16, 20):
            cam.quad(p, [(-5, 0.01, Z), (5, 0.01, Z), (5, 0.01, Z + 0.05), (-5, 0.01, Z + 0.05)], (240, 240, 240))
        for X in (-W / 2, W / 2):
            for k in range(10):
                cam.quad(p, [(X, 0.1, 2 + k * 2.3), (X, 0.1, 4.2 + k * 2.3), (X, 1.9, 4.2 + k * 2.3), (X, 1.9, 2 + k * 2.3)],
                         (40, 80, 150))
        cv.stamp(p, tex=0.03)
        p = cv.pen()
        for X in (-5.2, 5.2):
            cam.pole(p, X, 11.5, 1.55, (40, 40, 40), 0.05)
        cam.quad(p, [(-5.2, 1.55, 11.5), (5.2, 1.55, 11.5), (5.2, 1.5, 11.5), (-5.2, 1.5, 11.5)], (240, 240, 240))
        cv.stamp(p, tex=0)
        p = cv.pen()
        for k in range(60):
            X = -5.2 + k * 10.4 / 60
            xa, ya = cam.P(X, 0.8, 11.5)
            xb, yb = cam.P(X, 1.5, 11.5)
            p.line([(xa, ya), (xb, yb)], (30, 30, 30, 130), 0.0008)
        for k in range(6):
            Y = 0.8 + k * 0.14
            xa, ya = cam.P(-5.2, Y, 11.5)
            xb, yb = cam.P(5.2, Y, 11.5)
            p.line([(xa, ya), (xb, yb)], (30, 30, 30, 130), 0.0008)
        cv.stamp(p, tex=0)
        p = cv.pen()
        for X, Z, c in ((-2.5, 15, (200, 40, 40)), (2.0, 17.5, (240, 240, 240)), (-1.5, 7.5, (40, 70, 140)), (2.5, 6.0, (230, 200, 40))):
            x, y = cam.P(X, 0, Z)
            person(cv, p, x, y, cam.f * 1.7 / Z, c, arms_up=True, skin=cv.pick(skins), pants=(30, 30, 36))
        cv.stamp(p, tex=0.03)
    elif kind == "bakery":
        p = cv.pen()
        cam.box(p, -2.0, 2.0, 0.0, 2.4, D - 0.9, D - 0.01, (160, 164, 168))
        for k in range(3):
            X = -1.7 + k * 1.25
            cam.quad(p, [(X, 0.6, D - 0.91), (X + 1.0, 0.6, D - 0.91), (X + 1.0, 1.3, D - 0.91), (X, 1.3, D - 0.91)], (255, 150, 60))
        cv.stamp(p, tex=0.04)
        for k in range(3):
            x, y = cam.P(-1.2 + k * 1.25, 0.95, D - 0.9)
            cv.glow(x, y, 0.08, (255, 140, 50), 0.6)
        for Z in (6.0, 4.5, 3.0):  # racks of loaves on the right
            p = cv.pen()
            for lv in range(6):
                Y = 0.2 + lv * 0.3
                cam.quad(p, [(1.2, Y, Z), (2.6, Y, Z), (2.6, Y, Z + 0.6), (1.2, Y, Z + 0.6)], (120, 120, 124))
                for k in range(5):
                    x, y = cam.P(1.35 + k * 0.27, Y + 0.06, Z + 0.3)
                    p.ellipse(x, y, 0.11 / Z, 0.05 / Z, cv.jitter((180, 110, 50), 20))
            for X in (1.2, 2.6):
                cam.pole(p, X, Z, 2.0, (150, 150, 154), 0.03)
            cv.stamp(p, tex=0.08, scale=0.01)
        p = cv.pen()
        table3d(cam, p, -2.2, 0.6, 1.2, 2.4, Y=0.9, top=(200, 202, 206), legs=(150, 150, 156))
        for _ in range(12):
            X, Z = cv.r(-2.0, 0.4), cv.r(1.3, 2.3)
            x, y = cam.P(X, 0.92, Z)
            p.ellipse(x, y, 0.07 / Z, 0.035 / Z, cv.jitter((236, 220, 196), 6))
        cv.stamp(p, tex=0.015, scale=0.04)
        cv.img *= np.array([1.08, 1.0, 0.88], np.float32)
    elif kind == "factory":
        p = cv.pen()
        cam.box(p, -1.0, 1.0, 0.0, 1.0, 2.0, D - 2, (176, 180, 184))
        cam.quad(p, [(-0.9, 1.001, 2.0), (0.9, 1.001, 2.0), (0.9, 1.001, D - 2), (-0.9, 1.001, D - 2)], (70, 74, 78))
        cv.stamp(p, tex=0.04, scale=0.02)
        p = cv.pen()
        for Z in np.arange(2.5, D - 2, 0.7):
            x, y = cam.P(cv.r(-0.6, 0.6), 1.02, Z)
            p.ellipse(x, y, 0.05 / Z, 0.02 / Z, (220, 200, 150))
        cv.stamp(p, tex=0.1)
        for Z in np.arange(D - 4, 2.0, -2.2):
            p = cv.pen()
            for X in (-1.6, 1.6):
                x, y = cam.P(X, 0, Z)
                person(cv, p, x, y, cam.f * 1.7 / Z, (236, 238, 240), skin=cv.pick(skins), hair=(90, 150, 210), hat=(90, 150, 210),
                       pants=(236, 238, 240))
            cv.stamp(p, tex=0.03)
        m = np.clip(1 - np.abs(cv.Y - cam.hy) * 2.5, 0, 1) * np.clip(0.6 + 0.4 * cv.noise(0.2, 3), 0, 1)
        cv.haze(m, (220, 226, 232), 0.3)
        cv.img *= np.array([0.94, 1.0, 1.06], np.float32)
    elif kind == "kitchen":
        p = cv.pen()
        for k in range(3):  # hanging pans
            x, y = cam.P(-1.2 + k * 1.2, 2.1, D - 0.3)
            p.ellipse(x, y, 0.05, 0.05, (60, 60, 64))
        for lv in range(3):
            Y = 1.2 + lv * 0.45
            cam.quad(p, [(-2.4, Y, D - 0.4), (2.4, Y, D - 0.4), (2.4, Y + 0.03, D - 0.4), (-2.4, Y + 0.03, D - 0.4)], (190, 194, 198))
        cv.stamp(p, tex=0.03)
        cv.blur(2.0)
        p = cv.pen()
        cam.box(p, -2.6, 2.6, 0.0, 1.0, 1.3, 2.0, (196, 200, 204), top=1.15)
        x0, y0 = cam.P(-2.4, 2.0, 2.4)
        x1, y1 = cam.P(2.4, 2.0, 2.4)
        p.line([(x0, y0), (x1, y1)], (150, 154, 160), 0.006)
        for k in range(9):  # order tickets on the rail
            xa, ya = cam.P(-2.2 + k * 0.5, 2.0, 2.4)
            xb, yb = cam.P(-2.2 + k * 0.5 + 0.22, 1.72, 2.4)
            p.rect(xa, ya, xb, yb, cv.jitter((246, 244, 236), 5))
        cv.stamp(p, tex=0.03)
        p = cv.pen()
        for k in range(9):
            xa, ya = cam.P(-2.15 + k * 0.5, 1.96, 2.39)
            xb, yb = cam.P(-2.0 + k * 0.5 + 0.12, 1.76, 2.39)
            scribbles(cv, p, xa, ya, xb, yb, (50, 50, 60), lines=5, width=0.0008)
        for X in (-1.6, -0.2, 1.2):
            x, y = cam.P(X, 1.0, 1.6)
            p.ellipse(x, y, 0.4 / 1.6 * 0.5, 0.1 / 1.6 * 0.5, (246, 246, 244))
            for _ in range(8):
                p.ellipse(x + cv.r(-0.03, 0.03), y + cv.r(-0.006, 0.004), 0.02, 0.01, cv.pick([(180, 60, 30), (90, 140, 60), (240, 220, 180)]))
        cv.stamp(p, tex=0.04)
        for X in (-1.6, -0.2, 1.2):
            x, y = cam.P(X, 1.9, 1.6)
            cv.glow(x, y + 0.08, 0.18, (255, 130, 40), 0.5)
        cv.img *= np.array([1.08, 1.0, 0.9], np.float32)
    elif kind == "bunkhouse":
        cv.img *= 0.6
        for X0 in (-W / 2 + 0.1, W / 2 - 1.0):
            for Z in (5.5, 3.0):
                p = cv.pen()
                for Y in (0.4, 1.5):
                    cam.box(p, X0, X0 + 0.9, Y, Y + 0.2, Z, Z + 2.0, (70, 80, 110) if Y < 1 else (110, 70, 60))
                for dz in (0, 2.0):
                    cam.pole(p, X0 + (0.9 if X0 < 0 else 0), Z + dz, 2.0, (40, 40, 44), 0.04)
                cv.stamp(p, tex=0.06, scale=0.01)
        p = cv.pen()
        table3d(cam, p, -0.8, 0.8, 3.5, 4.6, top=(140, 110, 80))
        cv.stamp(p, tex=0.05)
        x, y = cam.P(0, 2.2, 4.0)
        cv.glow(x, y, 0.1, (255, 200, 120), 0.6)
        cv.glow(x, y + 0.2, 0.45, (255, 170, 90), 0.18)
        for X, Y, Z in ((-W / 2 + 0.5, 0.7, 4.0), (-W / 2 + 0.5, 1.8, 6.0), (W / 2 - 0.5, 0.7, 6.5), (W / 2 - 0.5, 1.8, 4.0),
                        (0.3, 0.85, 3.8), (W / 2 - 0.5, 0.7, 3.6)):
            p = cv.pen()
            x, y = cam.P(X, Y, Z)
            p.rect(x - cv.sx(0.05 / Z), y - cv.sy(0.1 / Z), x + cv.sx(0.05 / Z), y, (200, 230, 255), r=0.01 / Z)
            cv.stamp(p, tex=0)
            cv.glow(x, y - cv.sy(0.05 / Z), 0.35 / Z, (120, 170, 255), 0.35)
        cv.img *= np.array([1.05, 1.0, 0.95], np.float32)
    elif kind == "circle":
        p = cv.pen()
        cam.box(p, W / 2 - 1.2, W / 2 - 0.5, 0, 1.8, 6.5, 6.6, (240, 240, 236))
        cv.stamp(p, tex=0.02)
        chairs = []
        for k in range(10):
            a = k / 10 * 2 * math.pi
            chairs.append((0.2 + 2.1 * math.cos(a), 5.0 + 1.8 * math.sin(a), a))
        for X, Z, a in sorted(chairs, key=lambda t: -t[1]):
            p = cv.pen()
            chair3d(cam, p, X, Z, cv.pick([(150, 60, 50), (60, 80, 120), (70, 70, 74)]), facing=1 if math.sin(a) > 0 else -1)
            cv.stamp(p, tex=0.04)
        p = cv.pen()
        table3d(cam, p, -0.2, 0.6, 4.7, 5.3, Y=0.5, top=(170, 120, 80))
        x, y = cam.P(0.2, 0.5, 5.0)
        p.ellipse(x, y - cv.sy(0.03), 0.03, 0.03, (240, 240, 236))
        for k in range(5):
            x, y = cam.P(-0.1 + k * 0.15, 0.5, 4.85)
            p.rect(x - cv.sx(0.006), y - cv.sy(0.016), x + cv.sx(0.006), y, (250, 250, 246))
        cv.stamp(p, tex=0.03)
        p = cv.pen()  # a scarf and a bag left on two chairs
        x, y = cam.P(-1.7, 0.9, 5.0)
        p.poly([(x - 0.02, y), (x + 0.015, y - 0.01), (x + 0.02, y + 0.08), (x - 0.01, y + 0.09)], (150, 40, 90))
        cv.stamp(p, tex=0.06)


# --------------------------------------------------------------------------------------
# Close-ups: table tops, shop shelves, a market stall, a phone screenshot
# --------------------------------------------------------------------------------------


def disc(cam: Cam, p: Pen, X, Z, r, fill, Y=0.0, n=48, start=0.0, end=2 * math.pi):
    pts = [cam.P(X + r * math.cos(start + (end - start) * k / n), Y, Z + r * math.sin(start + (end - start) * k / n)) for k in range(n + 1)]
    if end - start < 2 * math.pi - 1e-6:
        pts.append(cam.P(X, Y, Z))
    p.poly(pts, fill)


def cyl(cam: Cam, p: Pen, X, Z, r, h, side, top, Y=0.0, band=None):
    disc(cam, p, X, Z, r, side, Y=Y)
    cam.quad(p, [(X - r, Y, Z), (X + r, Y, Z), (X + r, Y + h, Z), (X - r, Y + h, Z)], side)
    if band:
        yb, hb, c = band
        cam.quad(p, [(X - r, Y + yb, Z - 0.001), (X + r, Y + yb, Z - 0.001), (X + r, Y + yb + hb, Z - 0.001), (X - r, Y + yb + hb, Z - 0.001)], c)
    # a soft highlight down the left side of the body
    cam.quad(p, [(X - r * 0.72, Y + h * 0.12, Z - r * 0.7), (X - r * 0.6, Y + h * 0.12, Z - r * 0.7), (X - r * 0.6, Y + h * 0.88, Z - r * 0.7),
                 (X - r * 0.72, Y + h * 0.88, Z - r * 0.7)], (*tuple(min(255, c * 1.2 + 30) for c in side[:3]), 90))
    disc(cam, p, X, Z, r, top, Y=Y + h)


def tabletop(cv: Canvas, wood=(150, 100, 62), wall=(200, 190, 170), window=(240, 236, 226), D=1.3, height=0.55, night=False,
             cloth=None, window_x=0.65):
    cam = Cam(cv, hy=-0.35, vx=0.5, f=1.1, height=height)
    top = cam.P(0, 0, D)[1]
    cv.img[:] = cv.vgrad([(0, wall), (top, tuple(c * 0.8 for c in wall)), (1, wall)])
    if window is not None:
        p = cv.pen()
        p.rect(window_x - 0.18, -0.1, window_x + 0.18, top, window)
        cv.stamp(p, tex=0)
        cv.glow(window_x, top * 0.5, 0.4, window, 0.3)
    cv.blur(6)
    if cloth is None:
        # planks running left to right; their joints get closer together towards the back
        grain = cv.noise(0.25, 6, stretch=10.0) * 0.6 + cv.noise(0.04, 4, stretch=14.0) * 0.4
        zz = cam.f * height / np.clip(cv.Y - cam.hy, 1e-3, None) * cv.u / cv.h  # depth of each row on the table
        joint = np.abs(((zz / 0.16) % 1.0) - 0.5) * 2
        plank_id = np.floor(zz / 0.16)
        tone = 1 + 0.08 * np.sin(plank_id * 12.9898)
        wtex = col(wood) * (tone * (1 + 0.14 * grain) * (1 - 0.5 * smoothstep(0.92, 1.0, joint)))[..., None]
        wtex = wtex * (0.8 + 0.2 * np.clip((cv.Y - top) / (1 - top), 0, 1))[..., None]
        cv.blend((cv.Y >= top).astype(np.float32) * np.ones((1, cv.w), np.float32), wtex.astype(np.float32))
    else:
        ground(cv, top, tuple(c * 0.85 for c in cloth), cloth, tex=0.06, vx=0.5, detail=0.02)
    if night:
        cv.img *= 0.35
    return cam, top


def food_blobs(cv: Canvas, cam: Cam, p: Pen, X, Z, r, colors, n=40, size=0.012, Y=0.012):
    for _ in range(n):
        a, rr = cv.r(0, 2 * math.pi), r * math.sqrt(cv.r())
        x, y = cam.P(X + rr * math.cos(a), Y, Z + rr * math.sin(a))
        s = size * cam.f / Z * cv.r(0.6, 1.3)
        p.ellipse(x, y, s, s * 0.6, cv.jitter(cv.pick(colors), 12))


def plate(cv, cam, p, X, Z, r, rgb=(244, 242, 238)):
    disc(cam, p, X, Z, r, tuple(c * 0.8 for c in rgb))
    disc(cam, p, X, Z, r * 0.97, rgb, Y=0.008)
    disc(cam, p, X, Z, r * 0.7, tuple(c * 0.94 for c in rgb), Y=0.009)


def steam(cv: Canvas, x, y, w, h, amount=0.35):
    n = cv.noise(0.05, 5, stretch=0.4)
    m = smoothstep(0.0, 1.5, n) * np.exp(-(((cv.X - x) / w) ** 2)) * np.clip((y - cv.Y) / h, 0, 1) * np.clip(1 - (y - cv.Y) / h, 0, 1) * 2
    cv.blend(gblur(m.astype(np.float32), 3), col((246, 246, 246)), amount)


def scene_table(cv: Canvas, dish="pupusas"):
    if dish == "pupusas":
        cam, top = tabletop(cv, wood=(160, 110, 70), wall=(210, 190, 150), cloth=None)
        p = cv.pen()
        disc(cam, p, -0.22, 0.75, 0.2, (40, 38, 38))  # the comal
        disc(cam, p, -0.22, 0.75, 0.18, (56, 52, 52), Y=0.01)
        plate(cv, cam, p, 0.05, 0.55, 0.14)
        cyl(cam, p, 0.2, 0.95, 0.08, 0.06, (240, 236, 230), (220, 230, 190))
        cyl(cam, p, 0.35, 0.75, 0.035, 0.2, (180, 30, 24), (240, 240, 240))
        cyl(cam, p, -0.05, 1.05, 0.045, 0.14, (236, 226, 206), (230, 214, 186))
        cv.stamp(p, tex=0.04)
        p = cv.pen()
        for X, Z in ((0.0, 0.52), (0.1, 0.57), (0.03, 0.62), (-0.25, 0.7), (-0.15, 0.8), (-0.28, 0.85)):
            disc(cam, p, X, Z, 0.06, cv.jitter((226, 190, 130), 8), Y=0.015)
        cv.stamp(p, tex=0.05, scale=0.01)
        p = cv.pen()
        for X, Z in ((0.0, 0.52), (0.1, 0.57), (0.03, 0.62), (-0.25, 0.7), (-0.15, 0.8), (-0.28, 0.85)):
            food_blobs(cv, cam, p, X, Z, 0.05, [(150, 90, 40), (120, 70, 30), (200, 150, 90)], n=10, size=0.006, Y=0.02)
        food_blobs(cv, cam, p, 0.2, 0.95, 0.07, [(200, 220, 150), (230, 140, 60), (240, 240, 200)], n=120, size=0.006, Y=0.062)
        cv.stamp(p, tex=0.05)
        steam(cv, cam.P(-0.22, 0, 0.75)[0], cam.P(0, 0.05, 0.75)[1], 0.08, 0.35)
    elif dish == "coffee":
        cam, top = tabletop(cv, wood=(120, 80, 50), wall=(200, 170, 140), cloth=None, window_x=0.3)
        p = cv.pen()
        for _ in range(160):  # fresh grass spread on the floor mat
            X, Z = cv.r(-0.6, 0.6), cv.r(0.35, 1.2)
            a = cv.r(0, math.pi)
            x0, y0 = cam.P(X, 0.003, Z)
            x1, y1 = cam.P(X + 0.04 * math.cos(a), 0.003, Z + 0.04 * math.sin(a))
            p.line([(x0, y0), (x1, y1)], cv.jitter((70, 130, 50), 20), 0.002)
        cv.stamp(p, tex=0.05)
        p = cv.pen()
        disc(cam, p, 0.05, 0.7, 0.24, (170, 150, 100))  # the tray
        disc(cam, p, 0.05, 0.7, 0.22, (196, 176, 120), Y=0.01)
        cyl(cam, p, -0.35, 0.7, 0.09, 0.07, (200, 60, 40), (250, 250, 240))  # popcorn bowl
        cv.stamp(p, tex=0.04)
        p = cv.pen()
        food_blobs(cv, cam, p, -0.35, 0.7, 0.08, [(250, 246, 230), (240, 226, 190)], n=70, size=0.012, Y=0.075)
        for k in range(6):
            X = -0.08 + (k % 3) * 0.11
            Z = 0.6 + (k // 3) * 0.12
            cyl(cam, p, X, Z, 0.025, 0.04, (246, 244, 240), (60, 36, 24), Y=0.01, band=(0.02, 0.008, (40, 110, 160)))
        cv.stamp(p, tex=0.03)
        # the jebena: round clay pot with a long neck and a spout
        p = cv.pen()
        x, y = cam.P(0.32, 0.0, 0.82)
        sz = cam.f / 0.82
        p.ellipse(x, y - cv.sy(0.07 * sz), 0.075 * sz, 0.07 * sz, (34, 28, 26))
        p.rect(x - cv.sx(0.018 * sz), y - cv.sy(0.24 * sz), x + cv.sx(0.018 * sz), y - cv.sy(0.1 * sz), (34, 28, 26))
        p.line([(x - cv.sx(0.05 * sz), y - cv.sy(0.1 * sz)), (x - cv.sx(0.1 * sz), y - cv.sy(0.16 * sz))], (34, 28, 26), 0.012 * sz)
        p.arc(x + cv.sx(0.04 * sz), y - cv.sy(0.15 * sz), 0.04 * sz, 0.06 * sz, 270, 90, (34, 28, 26), 0.01 * sz)
        p.ellipse(x, y - cv.sy(0.25 * sz), 0.025 * sz, 0.008 * sz, (70, 60, 40))
        cv.stamp(p, tex=0.05)
        cv.glow(x - cv.sx(0.03 * sz), y - cv.sy(0.09 * sz), 0.02 * sz, (255, 220, 180), 0.25)
        steam(cv, cam.P(-0.45, 0, 0.95)[0], cam.P(0, 0.05, 0.95)[1], 0.04, 0.5, amount=0.4)  # incense
        cv.img *= np.array([1.06, 1.0, 0.92], np.float32)
    elif dish == "hotpot":
        cam, top = tabletop(cv, wood=(110, 70, 50), wall=(190, 170, 150), cloth=None)
        p = cv.pen()
        cyl(cam, p, 0.0, 0.72, 0.2, 0.02, (40, 40, 44), (30, 30, 32))
        cyl(cam, p, 0.0, 0.72, 0.17, 0.08, (190, 192, 196), (160, 40, 20), Y=0.02)
        cv.stamp(p, tex=0.03)
        p = cv.pen()
        disc(cam, p, 0.0, 0.72, 0.16, (226, 214, 186), Y=0.101, start=0, end=math.pi)
        food_blobs(cv, cam, p, 0.0, 0.72, 0.15, [(200, 40, 20), (240, 120, 40), (120, 20, 10)], n=40, size=0.008, Y=0.102)
        for X, Z, cols in ((-0.36, 0.6, [(220, 120, 120), (240, 200, 200)]), (0.35, 0.55, [(80, 140, 60), (120, 170, 80)]),
                           (0.38, 0.95, [(246, 240, 226)]), (-0.35, 1.0, [(150, 110, 70), (180, 140, 100)])):
            plate(cv, cam, p, X, Z, 0.1)
            food_blobs(cv, cam, p, X, Z, 0.075, cols, n=35, size=0.014, Y=0.015)
        for X in (-0.15, 0.12):
            cyl(cam, p, X, 0.47, 0.045, 0.03, (250, 250, 248), (120, 70, 40))
            x0, y0 = cam.P(X + 0.06, 0.01, 0.4)
            x1, y1 = cam.P(X + 0.1, 0.01, 0.58)
            p.line([(x0, y0), (x1, y1)], (190, 150, 90), 0.004)
        cv.stamp(p, tex=0.04)
        x, y = cam.P(0, 0.1, 0.72)
        steam(cv, x, y, 0.12, 0.45, amount=0.45)
        cv.glow(x, y, 0.15, (255, 120, 60), 0.15)
    elif dish == "kimchi":
        cam, top = tabletop(cv, wood=(200, 190, 170), wall=(220, 220, 214), cloth=None)
        p = cv.pen()
        cyl(cam, p, -0.12, 0.72, 0.24, 0.09, (196, 40, 40), (214, 60, 56))
        disc(cam, p, -0.12, 0.72, 0.22, (120, 24, 20), Y=0.0905)
        cv.stamp(p, tex=0.03)
        p = cv.pen()  # salted cabbage quarters rubbed with chili paste, heaped in the basin
        food_blobs(cv, cam, p, -0.12, 0.72, 0.2, [(200, 60, 30), (176, 40, 24), (226, 118, 64), (214, 80, 40)], n=260, size=0.022,
                   Y=0.095)
        food_blobs(cv, cam, p, -0.12, 0.72, 0.19, [(226, 228, 170), (200, 214, 140)], n=40, size=0.014, Y=0.097)
        cv.stamp(p, tex=0.05, scale=0.02)
        p = cv.pen()
        for k in range(4):  # glass jars already filled, green lids
            X, Z = 0.27 + (k % 2) * 0.15, 0.6 + (k // 2) * 0.2
            cyl(cam, p, X, Z, 0.06, 0.11, (186, 64, 42), (60, 120, 70))
        x, y = cam.P(-0.45, 0.0, 0.5)
        p.ellipse(x, y, 0.05, 0.02, (240, 120, 150))
        p.ellipse(x + 0.03, y - 0.01, 0.04, 0.015, (240, 120, 150))
        cv.stamp(p, tex=0.04)
    elif dish == "study":
        cam, top = tabletop(cv, wood=(120, 86, 60), wall=(90, 90, 100), window=(40, 50, 80), night=True, window_x=0.25)
        cv.glow(0.58, 0.62, 0.55, (255, 210, 150), 0.55)
        cv.glow(0.6, 0.55, 0.25, (255, 220, 170), 0.35)
        p = cv.pen()
        cam.box(p, -0.05, 0.35, 0.0, 0.005, 0.45, 0.75, (236, 232, 220))  # open textbook
        cam.box(p, 0.35, 0.75, 0.0, 0.005, 0.45, 0.75, (240, 236, 224))
        for k, c in enumerate([(30, 70, 120), (150, 40, 40), (40, 110, 80), (220, 180, 60)]):  # stack of books
            cam.box(p, -0.45 + k * 0.01, -0.12 + k * 0.01, k * 0.04, k * 0.04 + 0.038, 0.8, 1.05, c)
        cyl(cam, p, 0.85, 0.95, 0.04, 0.1, (160, 40, 40), (60, 36, 24))
        cv.stamp(p, tex=0.03)
        p = cv.pen()
        for page in (0, 1):
            for k in range(12):
                X0 = -0.02 + page * 0.4
                x0, y0 = cam.P(X0, 0.006, 0.48 + k * 0.022)
                x1, y1 = cam.P(X0 + 0.34 * cv.r(0.6, 1.0), 0.006, 0.48 + k * 0.022)
                p.line([(x0, y0), (x1, y1)], (90, 90, 96), 0.0012)
        x0, y0 = cam.P(0.45, 0.007, 0.55)
        x1, y1 = cam.P(0.7, 0.007, 0.55)
        p.line([(x0, y0), (x1, y1)], (250, 240, 60, 150), 0.006)
        cv.stamp(p, tex=0)
        # the lamp, top left, glowing
        x, y = 0.48, 0.02
        cv.glow(x, y, 0.08, (255, 230, 180), 1.2)
        cv.img *= np.array([1.08, 1.0, 0.86], np.float32)
    elif dish == "folders":
        cam, top = tabletop(cv, wood=(190, 170, 140), wall=(220, 220, 216), window=(250, 250, 250), window_x=0.8)
        p = cv.pen()
        for k, c in enumerate([(40, 90, 160), (200, 60, 50), (240, 200, 60), (60, 140, 90), (150, 150, 156), (40, 90, 160)]):
            cam.box(p, -0.35 + cv.r(-0.01, 0.01), 0.1 + cv.r(-0.01, 0.01), k * 0.012, k * 0.012 + 0.011, 0.75, 1.05, c)
        cam.box(p, -0.15, 0.35, 0.0, 0.002, 0.4, 0.72, (250, 250, 248))  # the page with the whole path on it
        cyl(cam, p, 0.55, 0.9, 0.045, 0.1, (250, 250, 250), (110, 70, 40))
        cv.stamp(p, tex=0.03)
        p = cv.pen()
        boxes = [(-0.1, 0.45), (0.12, 0.45), (-0.1, 0.56), (0.12, 0.56), (0.0, 0.66)]
        for i, (X, Z) in enumerate(boxes):
            pts = [cam.P(X, 0.003, Z), cam.P(X + 0.17, 0.003, Z), cam.P(X + 0.17, 0.003, Z + 0.045), cam.P(X, 0.003, Z + 0.045),
                   cam.P(X, 0.003, Z)]
            p.line(pts, (30, 50, 140), 0.002)
            if i < len(boxes) - 1:
                a = cam.P(X + 0.085, 0.003, Z + 0.045)
                b = cam.P(boxes[i + 1][0] + 0.085, 0.003, boxes[i + 1][1])
                p.line([a, b], (200, 40, 40), 0.0018)
            xa, ya = cam.P(X + 0.02, 0.003, Z + 0.03)
            xb, yb = cam.P(X + 0.15, 0.003, Z + 0.01)
            scribbles(cv, p, xa, yb, xb, ya, (30, 50, 140), lines=2, width=0.0012)
        x0, y0 = cam.P(0.38, 0.006, 0.45)
        x1, y1 = cam.P(0.46, 0.006, 0.7)
        p.line([(x0, y0), (x1, y1)], (20, 20, 24), 0.006)
        cv.stamp(p, tex=0)


def scene_shelf(cv: Canvas, kind="bread"):
    """A shop shelf seen head-on: bags, jars, tins and sacks on four or five boards."""
    cv.img[:] = col((46, 40, 36))
    levels = 5 if cv.h > cv.w else 4
    palettes = {
        "bread": dict(items=["bag", "bag", "bag", "jar", "can"], colors=[(230, 206, 160), (220, 190, 140), (120, 140, 60), (200, 190, 150)]),
        "persian": dict(items=["jar", "jar", "bag", "box", "can"], colors=[(190, 30, 40), (150, 90, 40), (230, 180, 50), (60, 110, 60),
                                                                          (230, 230, 220)]),
        "filipino": dict(items=["bag", "box", "can", "bag"], colors=[(230, 60, 50), (250, 200, 40), (40, 90, 180), (250, 250, 240),
                                                                     (60, 150, 70)]),
        "african": dict(items=["sack", "bag", "can", "box"], colors=[(240, 230, 210), (230, 160, 40), (60, 120, 60), (180, 40, 40),
                                                                     (240, 200, 90)]),
    }[kind]
    board_h = 1.0 / levels
    for lv in range(levels):
        y1 = (lv + 1) * board_h - board_h * 0.08
        y0 = lv * board_h + board_h * 0.06
        # back panel and shadow under the shelf above
        p = cv.pen()
        p.rect(0, lv * board_h, 1, y1, (70, 62, 56))
        cv.stamp(p, tex=0.03, shade=(lv * board_h, y1, 0.5, 1.0))
        p = cv.pen()
        x = cv.r(-0.05, 0.0)
        while x < 1.0:
            it = cv.pick(palettes["items"])
            c = cv.pick(palettes["colors"])
            if it == "bag":
                w = cv.r(0.09, 0.14)
                top = y0 + (y1 - y0) * cv.r(0.0, 0.15)
                p.rect(x, top, x + w, y1, (*cv.jitter(c, 10), 235), r=0.02)
                if kind == "bread":
                    for k in range(3):
                        p.ellipse(x + w / 2, top + (y1 - top) * (0.3 + k * 0.2), w * 0.4 * cv.w / cv.u, (y1 - top) * 0.08 * cv.h / cv.u,
                                  (236, 214, 170))
                else:
                    p.rect(x + w * 0.15, top + (y1 - top) * 0.3, x + w * 0.85, top + (y1 - top) * 0.55, (250, 250, 246))
            elif it == "jar":
                w = cv.r(0.05, 0.07)
                top = y0 + (y1 - y0) * cv.r(0.35, 0.5)
                p.rect(x, top, x + w, y1, cv.jitter(c, 10), r=0.01)
                p.rect(x + w * 0.1, top - (y1 - top) * 0.12, x + w * 0.9, top + (y1 - top) * 0.02, (200, 180, 60))
                p.rect(x + w * 0.1, top + (y1 - top) * 0.35, x + w * 0.9, top + (y1 - top) * 0.7, (246, 240, 226))
            elif it == "can":
                w = cv.r(0.045, 0.06)
                top = y0 + (y1 - y0) * cv.r(0.45, 0.6)
                p.rect(x, top, x + w, y1, (190, 190, 196))
                p.rect(x, top + (y1 - top) * 0.15, x + w, y1 - (y1 - top) * 0.1, cv.jitter(c, 10))
            elif it == "box":
                w = cv.r(0.06, 0.1)
                top = y0 + (y1 - y0) * cv.r(0.1, 0.4)
                p.rect(x, top, x + w, y1, cv.jitter(c, 10))
                p.rect(x, top + (y1 - top) * 0.2, x + w, top + (y1 - top) * 0.4, cv.jitter((250, 250, 246), 5))
            else:  # sack
                w = cv.r(0.14, 0.2)
                top = y0 + (y1 - y0) * cv.r(0.05, 0.2)
                p.rect(x, top, x + w, y1, cv.jitter(c, 8), r=0.04)
                p.rect(x + w * 0.2, top + (y1 - top) * 0.3, x + w * 0.8, top + (y1 - top) * 0.6, cv.pick([(200, 40, 40), (40, 100, 60)]))
            x += w + cv.r(0.004, 0.015)
        cv.stamp(p, tex=0.04, scale=0.01, shade=(y0, y1, 1.15, 0.8))
        # glass and plastic highlights
        p = cv.pen()
        for _ in range(30):
            xx = cv.r(0, 1)
            p.rect(xx, y0 + (y1 - y0) * cv.r(0.4, 0.6), xx + 0.004, y1 - (y1 - y0) * 0.1, (255, 255, 255, 70))
        cv.stamp(p, tex=0, soft=2)
        # the shelf board with its price strip
        p = cv.pen()
        p.rect(0, y1, 1, y1 + board_h * 0.06, (200, 200, 204))
        p.rect(0, y1 + board_h * 0.06, 1, (lv + 1) * board_h + board_h * 0.02, (150, 150, 156))
        for _ in range(6):
            xx = cv.r(0, 0.95)
            p.rect(xx, y1 + board_h * 0.01, xx + 0.045, y1 + board_h * 0.05, (250, 240, 120))
        cv.stamp(p, tex=0.02)
    cv.glow(0.5, -0.2, 0.9, (255, 236, 200), 0.25)
    cv.img *= (1 - 0.25 * np.clip(cv.Y - 0.6, 0, 1))[..., None]


def scene_aisle(cv: Canvas, kind="filipino"):
    """A small grocery store's aisle, shelves receding on both sides."""
    cam = Cam(cv, hy=0.48, vx=0.52, f=0.8, height=1.6)
    room(cv, cam, W=2.6, H=3.0, D=14, wall=(230, 226, 216), floor=(200, 200, 196), ceiling=(236, 236, 232), planks=False, tiles=True,
         lights="none", windows="none")
    cols = {
        "filipino": [(230, 60, 50), (250, 200, 40), (40, 90, 180), (250, 250, 240), (60, 150, 70), (240, 130, 40)],
        "african": [(240, 230, 210), (230, 160, 40), (60, 120, 60), (180, 40, 40), (240, 200, 90), (120, 80, 50)],
    }[kind]
    p = cv.pen()
    for X in (-1.3, 1.3):
        shelf_wall(cv, cam, p, X, 0.8, 13.0, 5, cols, item=0.16, H0=0.15, gap=0.38, kind="products")
    cv.stamp(p, tex=0.04, scale=0.01)
    p = cv.pen()
    for Z in np.arange(1.5, 14, 1.2):
        cam.quad(p, [(-0.15, 2.99, Z), (0.15, 2.99, Z), (0.15, 2.99, Z + 0.8), (-0.15, 2.99, Z + 0.8)], (255, 255, 250))
    cam.quad(p, [(-0.9, 2.1, 13.99), (0.9, 2.1, 13.99), (0.9, 2.6, 13.99), (-0.9, 2.6, 13.99)], (200, 40, 40) if kind == "filipino" else (40, 110, 60))
    cv.stamp(p, tex=0)
    for Z in np.arange(1.5, 14, 1.2):
        x, y = cam.P(0, 3.0, Z + 0.4)
        cv.glow(x, y, 0.25 / Z, (255, 255, 245), 0.4)
        x, y = cam.P(0, 0.0, Z + 0.4)
        cv.glow(x, y, 0.3 / Z, (255, 255, 245), 0.12, aspect=0.3)
    p = cv.pen()
    x, y = cam.P(0.2, 0, 8.5)
    person(cv, p, x, y, cam.f * 1.6 / 8.5, (200, 60, 90), skin=(170, 124, 94))
    x, y = cam.P(-0.4, 0, 11.0)
    person(cv, p, x, y, cam.f * 1.7 / 11.0, (40, 60, 100), skin=(120, 84, 60))
    cv.stamp(p, tex=0.03)


def scene_market(cv: Canvas):
    """A farmers' market stall: pint boxes of blueberries next to a tray of samosas."""
    cv.img[:] = cv.vgrad([(0, (150, 190, 230)), (0.4, (200, 214, 220)), (1, (120, 110, 100))])
    p = cv.pen()
    for _ in range(8):  # other stalls' white tents
        x = cv.r(-0.1, 1.0)
        w = cv.r(0.15, 0.3)
        y = cv.r(0.05, 0.2)
        p.poly([(x, y + 0.1), (x + w / 2, y), (x + w, y + 0.1)], (246, 246, 244))
        p.rect(x, y + 0.1, x + w, y + 0.14, cv.pick([(246, 246, 244), (40, 100, 160), (200, 60, 60)]))
    cv.stamp(p, tex=0.02)
    p = cv.pen()
    for _ in range(16):
        x = cv.r(0, 1)
        person(cv, p, x, cv.r(0.55, 0.65), cv.r(0.3, 0.45), cv.pick([(200, 60, 60), (40, 60, 100), (230, 230, 220), (60, 120, 80),
                                                                         (240, 200, 60), (120, 80, 140)]),
               skin=cv.pick([(90, 60, 45), (190, 140, 110), (150, 105, 80)]))
    cv.stamp(p, tex=0.03)
    cv.blur(7)
    cam = Cam(cv, hy=0.02, vx=0.5, f=1.5, height=1.45)
    p = cv.pen()
    cam.box(p, -1.4, 1.4, 0.0, 0.8, 1.2, 2.0, (40, 90, 150), top=1.0)
    cam.quad(p, [(-1.4, 0.8, 1.2), (1.4, 0.8, 1.2), (1.4, 0.8, 2.0), (-1.4, 0.8, 2.0)], (230, 226, 214))
    cv.stamp(p, tex=0.015, scale=0.04)
    p = cv.pen()
    for i in range(4):
        for j in range(3):
            X, Z = -1.15 + i * 0.2, 1.28 + j * 0.18
            cam.box(p, X, X + 0.16, 0.8, 0.88, Z, Z + 0.14, (70, 120, 70))
    cv.stamp(p, tex=0.05)
    p = cv.pen()
    for i in range(4):
        for j in range(3):
            X, Z = -1.15 + i * 0.2, 1.28 + j * 0.18
            for _ in range(60):
                x, y = cam.P(X + cv.r(0.01, 0.15), 0.885, Z + cv.r(0.01, 0.13))
                s = 0.008 * cam.f / Z
                p.ellipse(x, y, s, s, cv.jitter((50, 60, 110), 15))
    cv.stamp(p, tex=0.05)
    p = cv.pen()
    cam.box(p, 0.05, 0.95, 0.8, 0.83, 1.3, 1.8, (200, 200, 204))
    cv.stamp(p, tex=0.01, scale=0.04)
    p = cv.pen()
    for _ in range(22):
        X, Z = cv.r(0.12, 0.88), cv.r(1.36, 1.74)
        a, b, c = cam.P(X - 0.05, 0.835, Z + 0.03), cam.P(X + 0.05, 0.835, Z + 0.03), cam.P(X + cv.r(-0.02, 0.02), 0.835, Z - 0.05)
        p.poly([a, b, c], (150, 100, 40))
        a, b, c = cam.P(X - 0.042, 0.84, Z + 0.025), cam.P(X + 0.042, 0.84, Z + 0.025), cam.P(X, 0.84, Z - 0.04)
        p.poly([a, b, c], cv.jitter((214, 160, 70), 18))
    cv.stamp(p, tex=0.08, scale=0.01)
    p = cv.pen()
    cam.box(p, 1.0, 1.35, 0.8, 1.2, 1.5, 1.52, (40, 40, 42))
    xa, ya = cam.P(1.04, 1.16, 1.5)
    xb, yb = cam.P(1.31, 0.86, 1.5)
    scribbles(cv, p, xa, ya, xb, yb, (240, 240, 236), lines=4, width=0.002)
    cv.stamp(p, tex=0.02)
    p = cv.pen()  # scalloped canopy edge at the top
    p.rect(-0.01, -0.01, 1.01, 0.06, (230, 230, 226))
    for k in range(12):
        p.ellipse(k / 11, 0.06, 0.05, 0.025, (40, 90, 150) if k % 2 else (230, 230, 226))
    cv.stamp(p, tex=0.03, shade=(0, 0.08, 0.9, 0.8))
    cv.glow(0.8, 0.3, 0.6, (255, 240, 210), 0.12)


def screenshot_weather(w: int, h: int) -> Image.Image:
    """A phone weather app at 6:45 on a cold January morning in Steinbach (flat UI, no camera)."""
    img = Image.new("RGB", (w, h))
    top, bottom = np.array([20, 36, 72], np.float32), np.array([64, 104, 160], np.float32)
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    arr = (top + (bottom - top) * t) * np.ones((1, w, 1), np.float32)
    img = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(img)

    def font(size):
        return ImageFont.load_default(size=size)

    s = w / 1080
    d.text((60 * s, 30 * s), "6:45", font=font(int(40 * s)), fill=(255, 255, 255))
    d.text((w - 200 * s, 30 * s), "LTE  41%", font=font(int(36 * s)), fill=(255, 255, 255))
    d.text((w / 2, 230 * s), "Steinbach, MB", font=font(int(64 * s)), fill=(255, 255, 255), anchor="mm")
    d.text((w / 2, 470 * s), "-32°", font=font(int(260 * s)), fill=(255, 255, 255), anchor="mm")
    d.text((w / 2, 660 * s), "Feels like -43°", font=font(int(58 * s)), fill=(220, 230, 245), anchor="mm")
    d.text((w / 2, 740 * s), "Clear  ·  Wind NW 24 km/h", font=font(int(46 * s)), fill=(200, 214, 236), anchor="mm")
    d.rounded_rectangle([50 * s, 820 * s, w - 50 * s, 1000 * s], radius=30 * s, fill=(200, 60, 50))
    d.text((90 * s, 860 * s), "Extreme cold warning", font=font(int(50 * s)), fill=(255, 255, 255))
    d.text((90 * s, 925 * s), "Frostbite can occur in minutes on exposed skin.", font=font(int(36 * s)), fill=(255, 236, 230))
    d.rounded_rectangle([50 * s, 1050 * s, w - 50 * s, 1460 * s], radius=30 * s, fill=(40, 62, 104))
    hours = [("7", -32), ("8", -32), ("9", -30), ("10", -28), ("11", -26), ("12", -24)]
    for i, (hh, temp) in enumerate(hours):
        x = 140 * s + i * (w - 280 * s) / 5
        d.text((x, 1110 * s), hh, font=font(int(40 * s)), fill=(200, 214, 236), anchor="mm")
        d.ellipse([x - 28 * s, 1190 * s, x + 28 * s, 1246 * s], fill=(250, 214, 90) if i > 0 else (230, 230, 240))
        d.text((x, 1330 * s), f"{temp}°", font=font(int(44 * s)), fill=(255, 255, 255), anchor="mm")
    days = [("Thu", -35, -24), ("Fri", -33, -21), ("Sat", -26, -15), ("Sun", -19, -12), ("Mon", -17, -9)]
    d.rounded_rectangle([50 * s, 1510 * s, w - 50 * s, 2200 * s], radius=30 * s, fill=(40, 62, 104))
    for i, (day, lo, hi) in enumerate(days):
        y = 1590 * s + i * 125 * s
        d.text((100 * s, y), day, font=font(int(46 * s)), fill=(255, 255, 255), anchor="lm")
        d.text((w - 360 * s, y), f"{lo}°", font=font(int(46 * s)), fill=(170, 190, 220), anchor="lm")
        d.rounded_rectangle([w - 250 * s, y - 6 * s, w - 170 * s, y + 6 * s], radius=6 * s, fill=(120, 170, 230))
        d.text((w - 150 * s, y), f"{hi}°", font=font(int(46 * s)), fill=(255, 255, 255), anchor="lm")
    d.rounded_rectangle([w / 2 - 150 * s, h - 40 * s, w / 2 + 150 * s, h - 28 * s], radius=6 * s, fill=(230, 230, 240))
    return img


# --------------------------------------------------------------------------------------
# The shot list: every file referenced from content/participants/*/participant.yaml
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    make: str
    model: str
    software: str
    serial: str
    lens: str
    focal: float
    fnumber: float


DEVICES = {
    "amal-haddad": Device("samsung", "SM-A125F", "A125FXXS4CWF1", "R58R21K9ZQP", "Samsung Galaxy A12 Rear Camera", 3.54, 2.0),
    "carlos-mejia": Device("Google", "Pixel 6a", "HDR+ 1.0.499753279zd", "26071JEGR03184", "Pixel 6a back camera 4.38mm f/1.73", 4.38, 1.73),
    "maricel-dela-cruz": Device("Google", "Pixel 7", "HDR+ 1.0.540104767zd", "28201FDH2004ZK", "Pixel 7 back camera 6.81mm f/1.85", 6.81, 1.85),
    "dawit-tesfay": Device("Xiaomi", "M2101K6G", "sweet_global-user 12 SKQ1.210908.001 V13.0.6.0.SKFMIXM", "7c1f3a02", "", 5.43, 1.9),
    "parisa-moradi": Device("Apple", "iPhone 12", "16.5.1", "F17DQ2R7P3X1", "iPhone 12 back dual wide camera 4.2mm f/1.6", 4.2, 1.6),
    "olena-kovalenko": Device("samsung", "SM-A536W", "A536WVLU4CWE2", "R5CT41M2ABX", "Samsung Galaxy A53 Rear Camera", 5.23, 1.8),
    "l-h": Device("SONY", "ILCE-6000", "ILCE-6000 v3.21", "3745219", "E PZ 16-50mm F3.5-5.6 OSS", 16.0, 5.6),
    "harpreet-kaur": Device("OnePlus", "AC2003", "AC2003_11_F.17", "8d1e4c77", "", 4.73, 1.75),
    "grace-mbuyi": Device("samsung", "SM-G991W", "G991WVLS5DWC1", "R3CR60B7LQM", "Samsung Galaxy S21 Rear Camera", 5.4, 1.8),
    "sudbury-participant": Device("SONY", "ILCE-6000", "ILCE-6000 v3.21", "3752840", "E PZ 16-50mm F3.5-5.6 OSS", 16.0, 4.0),
    "wei-zhang": Device("HUAWEI", "ELE-L29", "ELE-L29 11.0.0.196(C432E10R1P5)", "HWELE8Q3K2", "", 5.56, 1.8),
    "ayesha-siddiqui": Device("Apple", "iPhone 11", "16.3.1", "DX3CN0P8N72J", "iPhone 11 back dual wide camera 4.25mm f/1.8", 4.25, 1.8),
    "ji-woo-lee": Device("samsung", "SM-S901W", "S901WVLS2BWD1", "R5CT20ZK7HN", "Samsung Galaxy S22 Rear Camera", 5.4, 1.8),
}

CITIES = {  # lat, lon, altitude (m); must agree with content/exhibition.yaml
    "brandon": (49.8485, -99.9501, 409),
    "steinbach": (49.5258, -96.6839, 262),
    "lethbridge": (49.6956, -112.8451, 910),
    "kamloops": (50.6745, -120.3273, 345),
    "greater-sudbury": (46.4917, -80.9930, 270),
    "peterborough": (44.3091, -78.3197, 196),
    "moncton": (46.0878, -64.7782, 20),
    "charlottetown": (46.2382, -63.1311, 10),
    "truro": (45.3650, -63.2800, 20),
}

PARTICIPANT_CITY = {
    "amal-haddad": "brandon", "carlos-mejia": "brandon", "maricel-dela-cruz": "steinbach", "dawit-tesfay": "lethbridge",
    "parisa-moradi": "kamloops", "ji-woo-lee": "kamloops", "olena-kovalenko": "truro", "l-h": "charlottetown",
    "harpreet-kaur": "charlottetown", "grace-mbuyi": "moncton", "sudbury-participant": "greater-sudbury",
    "wei-zhang": "peterborough", "ayesha-siddiqui": "peterborough",
}


@dataclass(frozen=True)
class Shot:
    participant: str
    file: str
    scene: str
    size: tuple[int, int]  # upright width, height
    when: str  # local "YYYY-MM-DD HH:MM:SS"
    tz: str  # "-05:00"
    params: dict = field(default_factory=dict, hash=False, compare=False)
    orientation: int = 1
    iso: int = 100
    gps: tuple[float, float] | None = None  # explicit lat, lon; else near the city


S = Shot
SHOTS: list[Shot] = [
    # Amal Haddad, Brandon MB (Galaxy A12: Samsung names files by local time)
    S("amal-haddad", "20230318_111204.jpg", "shelf", (3024, 4032), "2023-03-18 11:12:04", "-05:00", dict(kind="bread"), orientation=6, iso=200),
    S("amal-haddad", "20231108_081533.jpg", "street", (1600, 1200), "2023-11-08 08:15:33", "-06:00",
      dict(pal="overcast", snow=True, falling=900, cars=2), iso=100),
    S("amal-haddad", "20230425_133042.jpg", "interior", (1600, 1200), "2023-04-25 13:30:42", "-05:00", dict(kind="classroom"), iso=320),
    S("amal-haddad", "20230707_203318.jpg", "river", (2016, 1512), "2023-07-07 20:33:18", "-05:00",
      dict(pal="evening", water=(118, 100, 72), banks="grass", people=3), iso=100),
    # Carlos Mejía, Brandon MB (Pixel 6a: PXL_ names are in UTC)
    S("carlos-mejia", "PXL_20240112_120213411.jpg", "lot", (1600, 1200), "2024-01-12 06:02:13", "-06:00",
      dict(pal="winter_dawn", kind="plant", snow=True), iso=1250),
    # a parent on the sideline shows a recognisable face: participant.yaml redacts it
    S("carlos-mejia", "PXL_20230617_143047902.jpg", "field", (2016, 1512), "2023-06-17 09:30:47", "-05:00",
      dict(pal="summer", face_at=(0.8, 0.5, 0.028)), iso=50),
    S("carlos-mejia", "PXL_20230820_183512260.jpg", "table", (1200, 1600), "2023-08-20 13:35:12", "-05:00", dict(dish="pupusas"),
      orientation=8, iso=160),
    S("carlos-mejia", "PXL_20230925_000207118.jpg", "prairie", (4032, 3024), "2023-09-24 19:02:07", "-05:00",
      dict(pal="evening", field="stubble"), iso=64, gps=(49.8712, -99.3361)),
    # Maricel Dela Cruz, Steinbach MB (Pixel 7)
    S("maricel-dela-cruz", "Screenshot_20240117-064512.png", "screenshot", (1080, 2400), "2024-01-17 06:45:12", "-06:00"),
    S("maricel-dela-cruz", "PXL_20230603_152210554.jpg", "aisle", (1600, 1200), "2023-06-03 10:22:10", "-05:00", dict(kind="filipino"), iso=400),
    S("maricel-dela-cruz", "PXL_20230730_015532871.jpg", "court", (1200, 1600), "2023-07-29 20:55:32", "-05:00", dict(pal="dusk"),
      orientation=6, iso=800),
    S("maricel-dela-cruz", "PXL_20230817_001017302.jpg", "garden", (2016, 1512), "2023-08-16 19:10:17", "-05:00", dict(pal="golden"), iso=50),
    # Dawit Tesfay, Lethbridge AB (Redmi Note 10 Pro)
    S("dawit-tesfay", "IMG_20230709_201514.jpg", "coulee", (4032, 3024), "2023-07-09 20:15:14", "-06:00",
      dict(pal="golden", bridge=True, sage=0.6), iso=50),
    S("dawit-tesfay", "IMG_20231129_232741.jpg", "bus_stop", (1600, 1200), "2023-11-29 23:27:41", "-07:00", dict(pal="night"), iso=3200),
    S("dawit-tesfay", "IMG_20230521_153320.jpg", "table", (1600, 1200), "2023-05-21 15:33:20", "-06:00", dict(dish="coffee"), iso=250),
    S("dawit-tesfay", "IMG_20230612_031845.jpg", "interior", (1600, 1200), "2023-06-12 03:18:45", "-06:00", dict(kind="factory"), iso=640),
    # Parisa Moradi, Kamloops BC (iPhone 12: sequential names; one HEIC)
    S("parisa-moradi", "IMG_4512.HEIC", "coulee", (4032, 3024), "2023-05-27 10:48:31", "-07:00",
      dict(pal="summer", bridge=False, river=False, pines=9, sage=0.9), iso=32, gps=(50.7264, -120.2418)),
    S("parisa-moradi", "IMG_4398.JPG", "shelf", (1600, 1200), "2023-04-15 16:05:44", "-07:00", dict(kind="persian"), iso=250),
    S("parisa-moradi", "IMG_4620.JPG", "interior", (1512, 2016), "2023-06-08 18:31:09", "-07:00", dict(kind="library"),
      orientation=6, iso=400),
    S("parisa-moradi", "IMG_4731.JPG", "coulee", (2016, 1512), "2023-08-19 17:20:55", "-07:00",
      dict(pal="smoke", bridge=False, river=True, smoky=True, sage=0.4), iso=64),
    # Olena Kovalenko, Truro NS (Galaxy A53)
    S("olena-kovalenko", "20230502_101517.jpg", "interior", (1600, 1200), "2023-05-02 10:15:17", "-03:00", dict(kind="hall"), iso=250),
    S("olena-kovalenko", "20231014_160342.jpg", "forest_stairs", (1200, 1600), "2023-10-14 16:03:42", "-03:00", dict(),
      orientation=8, iso=320),
    S("olena-kovalenko", "20230909_041208.jpg", "interior", (1600, 1200), "2023-09-09 04:12:08", "-03:00", dict(kind="bakery"), iso=800),
    S("olena-kovalenko", "20230812_182730.jpg", "river", (2016, 1512), "2023-08-12 18:27:30", "-03:00",
      dict(pal="evening", water=(120, 92, 70), banks="mud", mud=True, people=2), iso=64),
    # L. H., Charlottetown PE (the project's loan camera)
    S("l-h", "DSC04127.JPG", "farm", (1800, 1200), "2023-07-18 07:42:10", "-03:00", dict(pal="summer"), iso=100, gps=(46.3120, -63.2514)),
    S("l-h", "DSC04166.JPG", "harbour", (1800, 1200), "2023-07-23 14:12:35", "-03:00", dict(pal="summer"), iso=100),
    S("l-h", "DSC04203.JPG", "interior", (1800, 1200), "2023-08-02 21:08:51", "-03:00", dict(kind="bunkhouse"), iso=3200,
      gps=(46.3098, -63.2477)),
    # Harpreet Kaur, Charlottetown PE (OnePlus Nord)
    S("harpreet-kaur", "IMG_20231226_153309.jpg", "harbour", (1600, 1200), "2023-12-26 15:33:09", "-04:00", dict(winter=True), iso=100),
    S("harpreet-kaur", "IMG_20230611_124502.jpg", "interior", (1600, 1200), "2023-06-11 12:45:02", "-03:00", dict(kind="langar"), iso=400),
    S("harpreet-kaur", "IMG_20230819_101144.jpg", "market", (2016, 1512), "2023-08-19 10:11:44", "-03:00", dict(), iso=50),
    S("harpreet-kaur", "IMG_20230307_141920.jpg", "table", (1200, 1600), "2023-03-07 14:19:20", "-04:00", dict(dish="folders"),
      orientation=8, iso=200),
    # Grâce Mbuyi, Moncton NB (Galaxy S21)
    S("grace-mbuyi", "20230622_171045.jpg", "downtown", (1600, 1200), "2023-06-22 17:10:45", "-03:00", dict(pal="golden"), iso=50),
    S("grace-mbuyi", "20230401_135528.jpg", "aisle", (1600, 1200), "2023-04-01 13:55:28", "-03:00", dict(kind="african"), iso=320),
    S("grace-mbuyi", "20230715_194410.jpg", "river", (2016, 1512), "2023-07-15 19:44:10", "-03:00",
      dict(pal="evening", water=(124, 90, 66), banks="mud", mud=True, town=True), iso=50),
    S("grace-mbuyi", "20231207_193015.jpg", "interior", (1600, 1200), "2023-12-07 19:30:15", "-04:00", dict(kind="church"), iso=1000),
    # Anonymous participant, Greater Sudbury ON (the project's second loan camera)
    S("sudbury-participant", "DSC00872.JPG", "rocks", (1800, 1200), "2023-06-24 11:05:40", "-04:00", dict(pal="summer"), iso=100),
    S("sudbury-participant", "DSC00915.JPG", "interior", (1800, 1200), "2023-09-19 10:02:18", "-04:00", dict(kind="circle"), iso=640),
    # taken from her own balcony: the GPS block below is her home, which is exactly why EXIF must never be published
    S("sudbury-participant", "DSC01034.JPG", "balcony", (1800, 1200), "2024-01-23 07:58:03", "-05:00", dict(pal="winter_dawn"), iso=800,
      gps=(46.4862, -80.9711)),
    # Wei Zhang, Peterborough ON (Huawei P30)
    S("wei-zhang", "IMG_20230222_201533.jpg", "interior", (1600, 1200), "2023-02-22 20:15:33", "-05:00", dict(kind="gym"), iso=1000),
    S("wei-zhang", "IMG_20240203_165012.jpg", "river", (2016, 1512), "2024-02-03 16:50:12", "-05:00",
      dict(pal="winter_clear", season="winter", ice=True, banks="snow", bridge="arch"), iso=50),
    S("wei-zhang", "IMG_20230916_190245.jpg", "table", (1600, 1200), "2023-09-16 19:02:45", "-04:00", dict(dish="hotpot"), iso=640),
    S("wei-zhang", "IMG_20230410_054102.jpg", "bus_stop", (1600, 1200), "2023-04-10 05:41:02", "-04:00",
      dict(pal="winter_dawn", snow=False, falling=0, vx=0.45), iso=1600),
    # Ayesha Siddiqui, Peterborough ON (iPhone 11)
    S("ayesha-siddiqui", "IMG_2231.JPG", "table", (1600, 1200), "2023-03-29 23:14:52", "-04:00", dict(dish="study"), iso=1250),
    S("ayesha-siddiqui", "IMG_2307.JPG", "lot", (2016, 1512), "2023-06-28 09:41:26", "-04:00",
      dict(pal="summer", kind="hall", snow=False, people=30, lit=False), iso=32),
    S("ayesha-siddiqui", "IMG_2389.JPG", "river", (1600, 1200), "2023-08-09 07:05:33", "-04:00",
      dict(pal="golden", water=(70, 92, 104), banks="grass", town=True, people=3), iso=50),
    # Ji-woo Lee, Kamloops BC (Galaxy S22)
    S("ji-woo-lee", "20230805_222210.jpg", "interior", (1600, 1200), "2023-08-05 22:22:10", "-07:00", dict(kind="kitchen"), iso=1000),
    S("ji-woo-lee", "20230723_190512.jpg", "river", (2016, 1512), "2023-07-23 19:05:12", "-07:00",
      dict(pal="evening", water=(80, 110, 110), far="hills", banks="grass"), iso=50),
    S("ji-woo-lee", "20231118_141830.jpg", "table", (1600, 1200), "2023-11-18 14:18:30", "-08:00", dict(dish="kimchi"), iso=250),
]

# --------------------------------------------------------------------------------------
# Rendering, EXIF and writing
# --------------------------------------------------------------------------------------


def seed_of(shot: Shot) -> int:
    return int.from_bytes(hashlib.sha256(f"{shot.participant}/{shot.file}".encode()).digest()[:4], "big")


def render(shot: Shot) -> tuple[Image.Image, tuple | None]:
    """Paint the upright picture at its final size. Returns (image, face box or None)."""
    W, H = shot.size
    k = min(1.0, WORK_MAX / max(W, H))
    ww, wh = int(round(W * k)), int(round(H * k))
    cv = Canvas(ww, wh, seed_of(shot))
    scene = globals()["scene_" + shot.scene]
    scene(cv, **shot.params)
    night = shot.iso >= 1000
    out = cv.finish(vignette=0.3 if not night else 0.4, bloom=0.2 if not night else 0.35)
    img = Image.fromarray((out * 255 + 0.5).astype(np.uint8))
    if (ww, wh) != (W, H):
        img = img.resize((W, H), Image.BICUBIC)
    # sensor noise: luminance grain (stronger in the shadows and at high ISO) and blotchy chroma noise
    rng = np.random.default_rng(seed_of(shot) ^ 0x5EED)
    a = np.asarray(img, np.float32)
    lum = a.mean(axis=2, keepdims=True) / 255
    iso_k = 0.7 + 0.45 * math.log2(max(shot.iso, 32) / 32) / math.log2(100)
    sigma = (1.1 + 2.6 * (1 - lum)) * iso_k
    a = a + rng.standard_normal((H, W, 1), dtype=np.float32) * sigma
    cn = rng.standard_normal((H // 4 + 1, W // 4 + 1, 3), dtype=np.float32)
    cn = np.stack([resize_f(cn[..., c], W // 4 * 4 + 4, H // 4 * 4 + 4)[:H, :W] for c in range(3)], axis=-1)
    a = a + cn * (0.9 * iso_k)
    img = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))
    return img, cv.face_box


def dms(value: float):
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round((value - d - m / 60) * 3600, 2)
    return (float(d), float(m), s)


def location(shot: Shot) -> tuple[float, float, float]:
    lat, lon, alt = CITIES[PARTICIPANT_CITY[shot.participant]]
    if shot.gps is not None:
        return shot.gps[0], shot.gps[1], alt
    rng = np.random.default_rng(seed_of(shot) ^ 0x6B5)
    return lat + float(rng.uniform(-0.025, 0.025)), lon + float(rng.uniform(-0.04, 0.04)), alt + float(rng.uniform(-8, 12))


def utc_of(shot: Shot):
    from datetime import datetime, timezone

    local = datetime.fromisoformat(shot.when.replace(" ", "T") + shot.tz)
    return local.astimezone(timezone.utc)


def make_exif(shot: Shot, stored_size: tuple[int, int]) -> Image.Exif:
    dev = DEVICES[shot.participant]
    dt = shot.when.replace("-", ":")
    exif = Image.Exif()
    exif[0x010F] = dev.make
    exif[0x0110] = dev.model
    exif[0x0112] = shot.orientation
    exif[0x011A] = 72.0
    exif[0x011B] = 72.0
    exif[0x0128] = 2
    exif[0x0131] = dev.software
    exif[0x0132] = dt
    ex = exif.get_ifd(0x8769)
    shutter = {32: 1 / 1600, 50: 1 / 1000, 64: 1 / 640, 100: 1 / 250, 160: 1 / 120, 200: 1 / 100, 250: 1 / 100, 320: 1 / 60,
               400: 1 / 50, 640: 1 / 40, 800: 1 / 30, 1000: 1 / 25, 1250: 1 / 20, 1600: 1 / 15, 3200: 1 / 10}.get(shot.iso, 1 / 100)
    ex[0x829A] = shutter
    ex[0x829D] = dev.fnumber
    ex[0x8827] = shot.iso
    ex[0x9000] = b"0232"
    ex[0x9003] = dt
    ex[0x9004] = dt
    ex[0x9010] = shot.tz
    ex[0x9011] = shot.tz
    ex[0x920A] = dev.focal
    ex[0xA001] = 1
    ex[0xA002] = stored_size[0]
    ex[0xA003] = stored_size[1]
    ex[0xA431] = dev.serial
    if dev.lens:
        ex[0xA433] = dev.make
        ex[0xA434] = dev.lens
    lat, lon, alt = location(shot)
    utc = utc_of(shot)
    gps = exif.get_ifd(0x8825)
    gps[0x00] = b"\x02\x02\x00\x00"
    gps[0x01] = "N" if lat >= 0 else "S"
    gps[0x02] = dms(lat)
    gps[0x03] = "E" if lon >= 0 else "W"
    gps[0x04] = dms(lon)
    gps[0x05] = b"\x00"
    gps[0x06] = round(alt, 1)
    gps[0x07] = (float(utc.hour), float(utc.minute), float(utc.second))
    gps[0x1D] = utc.strftime("%Y:%m:%d")
    return exif


def stored_pixels(img: Image.Image, orientation: int) -> Image.Image:
    """Rotate the upright picture the way the phone's sensor stored it."""
    if orientation == 6:  # viewer must turn it 90 degrees clockwise
        return img.transpose(Image.Transpose.ROTATE_90)
    if orientation == 8:  # viewer must turn it 90 degrees counter-clockwise
        return img.transpose(Image.Transpose.ROTATE_270)
    return img


def encode(shot: Shot, img: Image.Image) -> bytes:
    buf = io.BytesIO()
    ext = shot.file.rsplit(".", 1)[1].lower()
    if ext == "png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Maricel Dela Cruz")
        info.add_text("Software", "Android 14 screenshot")
        info.add_text("Creation Time", shot.when)
        img.save(buf, format="PNG", pnginfo=info, optimize=False, compress_level=9)
        return buf.getvalue()
    stored = stored_pixels(img, shot.orientation)
    exif = make_exif(shot, stored.size)
    if ext == "heic":
        if register_heif_opener is None:
            raise SystemExit("pillow-heif is needed for the HEIC sample: pip install pillow-heif")
        register_heif_opener()
        stored.save(buf, format="HEIF", quality=55, exif=exif.tobytes())
        return buf.getvalue()
    stored.save(buf, format="JPEG", quality=JPEG_QUALITY, exif=exif.tobytes(), subsampling=2)
    return buf.getvalue()


def produce(shot: Shot):
    if shot.scene == "screenshot":
        img = screenshot_weather(*shot.size)
        face_box = None
    else:
        img, face_box = render(shot)
    return encode(shot, img), img, face_box


def check_upright(shot: Shot, data: bytes, upright: Image.Image) -> str | None:
    """Decode like a browser/site generator would and compare with the picture we painted."""
    if register_heif_opener is not None:
        register_heif_opener()
    im = Image.open(io.BytesIO(data))
    im = ImageOps.exif_transpose(im).convert("RGB")
    if im.size != upright.size:
        return f"upright size {im.size} != {upright.size}"
    a = np.asarray(im.resize((48, 48), Image.BILINEAR), np.float32)
    b = np.asarray(upright.convert("RGB").resize((48, 48), Image.BILINEAR), np.float32)
    diff = float(np.abs(a - b).mean())
    if diff > 8:
        return f"upright picture differs from the painted one (mean diff {diff:.1f})"
    return None


def check_metadata(shot: Shot, data: bytes) -> str | None:
    """Reopen the file and make sure the identifying metadata the site must strip is really there."""
    if register_heif_opener is not None:
        register_heif_opener()
    im = Image.open(io.BytesIO(data))
    if shot.file.lower().endswith(".png"):
        return None if im.info.get("Author") else "PNG lost its tEXt Author chunk"
    exif = im.getexif()
    ex, gps = exif.get_ifd(0x8769), exif.get_ifd(0x8825)
    missing = [name for name, ok in (("Make", exif.get(0x010F)), ("Model", exif.get(0x0110)), ("Software", exif.get(0x0131)),
                                     ("DateTimeOriginal", ex.get(0x9003)), ("BodySerialNumber", ex.get(0xA431)),
                                     ("GPSLatitude", gps.get(2)), ("GPSLongitude", gps.get(4))) if not ok]
    if missing:
        return "EXIF lacks " + ", ".join(missing)
    lat = sum(float(v) / 60**i for i, v in enumerate(gps[2])) * (1 if gps.get(1) == "N" else -1)
    lon = sum(float(v) / 60**i for i, v in enumerate(gps[4])) * (1 if gps.get(3) == "E" else -1)
    clat, clon, _ = CITIES[PARTICIPANT_CITY[shot.participant]]
    if abs(lat - clat) > 0.15 or abs(lon - clon) > 0.7:
        return f"GPS {lat:.4f},{lon:.4f} is not near {PARTICIPANT_CITY[shot.participant]}"
    if (exif.get(0x0112) or 1) != shot.orientation:
        return f"EXIF orientation {exif.get(0x0112)} != {shot.orientation}"
    return None


def check_filename(shot: Shot) -> str | None:
    """Camera file names carry the capture time: local for most phones, UTC for Pixel's PXL_ files."""
    import re

    local = shot.when.replace("-", "").replace(":", "").replace(" ", "_")
    name = shot.file
    if m := re.fullmatch(r"PXL_(\d{8}_\d{6})\d{3}\.jpg", name):
        if m.group(1) != utc_of(shot).strftime("%Y%m%d_%H%M%S"):
            return "PXL_ name is not the UTC capture time"
    elif m := re.fullmatch(r"(?:IMG_)?(\d{8}_\d{6})\.jpg", name):
        if m.group(1) != local:
            return "file name is not the local capture time"
    elif m := re.fullmatch(r"Screenshot_(\d{8})-(\d{6})\.png", name):
        if f"{m.group(1)}_{m.group(2)}" != local:
            return "screenshot name is not the local time"
    elif not re.fullmatch(r"(IMG_\d{4}\.(JPG|HEIC)|DSC\d{5}\.JPG)", name):
        return "not a camera file name"
    return None


def check_yaml(face_boxes: dict) -> list[str]:
    """Cross-check content/: every file referenced exists and is generated here; redaction covers the face."""
    try:
        import yaml
    except ImportError:
        return ["(PyYAML not installed: participant.yaml files not checked)"]
    problems = []
    generated = {(s.participant, s.file) for s in SHOTS}
    referenced = set()
    for folder in sorted(CONTENT.iterdir()) if CONTENT.exists() else []:
        f = folder / "participant.yaml"
        if not f.exists():
            continue
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if data.get("city") != PARTICIPANT_CITY.get(folder.name):
            problems.append(f"{folder.name}: city {data.get('city')!r} does not match PARTICIPANT_CITY")
        for i, ph in enumerate(data.get("photos") or []):
            key = (folder.name, ph.get("file"))
            referenced.add(key)
            if key not in generated:
                problems.append(f"{folder.name}: photos[{i}].file {ph.get('file')!r} is not generated by this script")
            if key in face_boxes:
                x, y, w, h = face_boxes[key]
                regions = ph.get("redact") or []
                if not any(r["x"] <= x and r["y"] <= y and r["x"] + r["w"] >= x + w and r["y"] + r["h"] >= y + h for r in regions):
                    problems.append(f"{folder.name}: photos[{i}] redact does not cover the face box "
                                    f"x={x:.4f} y={y:.4f} w={w:.4f} h={h:.4f}")
    for key in sorted(generated - referenced):
        problems.append(f"{key[0]}/{key[1]} is generated but no participant.yaml references it")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing them")
    ap.add_argument("--only", action="append", metavar="PARTICIPANT", help="only this participant folder (repeatable)")
    args = ap.parse_args(argv)

    problems: list[str] = []
    face_boxes: dict = {}
    total = 0
    counts = {"jpeg": 0, "heic": 0, "png": 0}
    for shot in SHOTS:
        if args.only and shot.participant not in args.only:
            continue
        if (p := check_filename(shot)) is not None:
            problems.append(f"{shot.participant}/{shot.file}: {p}")
        data, upright, face_box = produce(shot)
        if face_box is not None:
            face_boxes[(shot.participant, shot.file)] = face_box
        if shot.scene != "screenshot" and (p := check_upright(shot, data, upright)) is not None:
            problems.append(f"{shot.participant}/{shot.file}: {p}")
        if (p := check_metadata(shot, data)) is not None:
            problems.append(f"{shot.participant}/{shot.file}: {p}")
        path = CONTENT / shot.participant / shot.file
        ext = path.suffix.lower()
        counts["heic" if ext == ".heic" else "png" if ext == ".png" else "jpeg"] += 1
        total += len(data)
        if args.check:
            if not path.exists():
                problems.append(f"missing: {path.relative_to(ROOT)}")
                status = "MISSING"
            elif path.read_bytes() != data:
                problems.append(f"differs from a fresh render: {path.relative_to(ROOT)}")
                status = "DIFFERS"
            else:
                status = "ok"
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            old = path.read_bytes() if path.exists() else None
            if old != data:
                path.write_bytes(data)
            status = "unchanged" if old == data else "written"
        W, H = shot.size
        orient = f" orientation {shot.orientation}" if shot.orientation != 1 else ""
        print(f"{status:9} {shot.participant}/{shot.file}  {W}x{H}{orient}  {len(data) / 1024:,.0f} KB", flush=True)
    for key, (x, y, w, h) in face_boxes.items():
        print(f"face box in {key[0]}/{key[1]}: x={x:.4f} y={y:.4f} w={w:.4f} h={h:.4f}")
    if not args.only:
        problems += check_yaml(face_boxes)
    print(f"{sum(counts.values())} files ({counts['jpeg']} JPEG, {counts['heic']} HEIC, {counts['png']} PNG), "
          f"{total / 1024 / 1024:.1f} MB")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if any(not p.startswith("(") for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
