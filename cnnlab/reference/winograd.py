"""Winograd F(2×2, 3×3): a 3×3, stride 1 convolution with 2.25× fewer products (floating point).

Each 2×2 block of outputs reads a 4×4 tile ``d`` of the padded input (tiles overlap by two rows
and columns). With the transforms of Lavin & Gray (2016)::

    Bᵀ = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
    G  = [[1, 0, 0], [½, ½, ½], [½, -½, ½], [0, 0, 1]]
    Aᵀ = [[1, 1, 1, 0], [0, 1, -1, -1]]

the output block is ``Aᵀ [Σ_c (G g_cf Gᵀ) ⊙ (Bᵀ d_c B)] A``: the sum over input channels of the
16 elementwise products is 16 matrix products ``V[ab] · U[ab]`` of shapes ``(tiles × C)·(C × F)``,
where the direct im2col product does 36 tile-sized ones (9 taps × 4 outputs).

The transforms are additions only. Tiles start at even rows and columns, so each image is first
copied into a padded buffer split by the parity of the column and of the row (:class:`_Parity`):
column ``2j + s``, row ``2i + r`` is stored at ``[s, r, i, j]``. A band of tile rows is then
transformed columns first, then rows, each direction three whole-band ufuncs over flat,
contiguous planes (the shift to a tile's next column or row is a shift of the flat plane; each
row of tiles carries one spare tile for it). The output transform ``Aᵀ M A`` is one small GEMM
``A₂ M`` (A₂ = Aᵀ ⊗ Aᵀ, 4 × 16), which BLAS streams faster than elementwise passes. A band is
small enough to stay in cache. The images of a batch are shared among the cores: large jobs
give the last shares to helper processes (``processes``), others to threads (``threads``);
each worker has its own buffers.

The result is the same correlation up to rounding: the weights are transformed in float64, and
the error stays of the order of the direct product's in the same dtype (tests/
test_reference_winograd.py bounds it, in float32 against the float64 result, in float64 against
exact fractions). Symbolic and exact inputs (``dtype=object``: sympy, Fraction) and groups keep
the direct kernel.
"""

import math

import numpy as np

from cnnlab.reference import processes, threads
from cnnlab.reference.geometry import Window

__all__ = ["BAND_BYTES", "BAND_TILES", "SHARED_BAND_BYTES", "winograd_applies", "winograd_conv3x3",
           "winograd_du", "winograd_weight_gradient"]

BAND_BYTES = 1 << 20
"""Most bytes of transformed tiles V in one band (the rows of tiles transformed and multiplied
at once), so that a band, its products and its output stay in a core's L2 cache. The image's
rows of tiles are split into equal bands under this size (a 56×56×64 float32 image: 4 bands of
7 rows of tiles, 0.8 MB of V each)."""

SHARED_BAND_BYTES = 2 << 20
"""The same when the images are shared among threads: twice the size, half the ufunc calls,
so that the threads wait less on each other for the GIL between calls (measured: 14 rows of
tiles beat 7 with two threads, and lose alone)."""

BAND_TILES = 64
"""Most rows of tiles in one band, whatever their size."""

_G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
_AT = np.array([[1.0, 1.0, 1.0, 0.0], [0.0, 1.0, -1.0, -1.0]])
_A2 = np.einsum("ra,sb->rsab", _AT, _AT).reshape(4, 16)
"""The output transform of a tile as one (4 × 16) matrix: ``y[2r + s] = Σ A₂[2r + s, 4a + b]
m[4a + b]`` is output ``(2t + r, 2j + s)`` of the tile's products ``m``."""


def winograd_applies(window: Window, groups: int, dtype: np.dtype) -> bool:
    """True for the layers this kernel computes: float, 3×3, stride 1, no dilation, one group."""
    return (dtype.kind == "f" and window.kernel == (3, 3) and window.stride == (1, 1)
            and window.dilation == (1, 1) and groups == 1)


def winograd_conv3x3(x: np.ndarray, w: np.ndarray, padding, out: np.ndarray,
                     bias: np.ndarray | None = None) -> None:
    """Write the 3×3, stride 1 correlation of ``x`` with ``w`` (plus ``bias``) into ``out``.

    Parameters
    ----------
    x : ndarray (N, H, W, C), any strides (an NCHW array viewed as NHWC is fine)
    w : ndarray (3, 3, C, F)
    padding : ((top, bottom), (left, right)), zeros
    out : ndarray (N, H_out, W_out, F), any strides, with H_out = H + top + bottom - 2
    bias : ndarray (F,) in ``out``'s dtype, or None; added as each band is stored (a separate
        pass over ``out`` took 2-3 ms of a 120 ms ResNet-stage training step)
    """
    C, F = x.shape[3], out.shape[3]
    u = np.einsum("ap,pqcf,bq->abcf", _G, w.astype(np.float64), _G)
    u = np.ascontiguousarray(u.reshape(16, C, F), out.dtype)

    size = x.nbytes + out.nbytes
    budget = _band_budget(x.shape[0], size)

    def work(images: range) -> None:
        band = _Band(out.shape[1:3], C, F, out.dtype, budget)
        image = _Parity(out.shape[1:3], C, out.dtype, offset=(padding[0][0], padding[1][0]))
        for n in images:
            image.load(x[n])
            for t0, t1 in band.ranges():
                band.store(band.products(band.tiles(image.data, t0, t1), u), out[n], t0,
                           bias)

    if processes.run_split(work, x.shape[0], function=(__name__, "winograd_conv3x3"),
                           inputs=(x,), args=(w, padding), outputs=(out,),
                           keywords={"bias": bias}) is None:
        threads.run_split(work, x.shape[0], size=size)


def winograd_weight_gradient(x: np.ndarray, dout: np.ndarray, padding, dtype) -> np.ndarray:
    """dw (3, 3, C, F), in ``dtype``, of :func:`winograd_conv3x3` for the output gradient ``dout``
    (NHWC views, any strides and dtypes).

    The adjoint of the forward's products: ``dU[ab] = Σ_tiles V[ab]ᵀ · dM[ab]``, with
    ``dM = A₂ᵀ dY`` (dY, the 2×2 blocks of ``dout``, zero past its edge), then
    ``dw = Gᵀ dU G``: 16 GEMMs of ``(C × tiles)·(tiles × F)`` where im2col makes 36 tile-sized
    ones. Each thread (or helper process) sums its own images; the partial sums are added in a
    fixed order.
    """
    C, F, N = x.shape[3], dout.shape[3], x.shape[0]
    size = x.nbytes + dout.nbytes
    work = _du_work(x, dout, padding, dtype)
    parts = processes.run_split(work, N, function=(__name__, "winograd_du"), inputs=(x, dout),
                                args=(padding, dtype), outputs=())
    if parts is None:
        parts = threads.run_split(work, N, size=size)
    du = sum(parts).reshape(4, 4, C, F)
    dw = np.einsum("ap,abcf,bq->pqcf", _G, du.astype(np.float64), _G)
    return dw.astype(dtype)


def winograd_du(x: np.ndarray, dout: np.ndarray, padding, dtype) -> np.ndarray:
    """``dU`` (16, C, F) of :func:`winograd_weight_gradient`, summed over the images of ``x``
    and ``dout`` (a helper process's share)."""
    work = _du_work(x, dout, padding, dtype)
    return sum(threads.run_split(work, x.shape[0], size=x.nbytes + dout.nbytes))


def _du_work(x, dout, padding, dtype):
    """The function summing ``dU`` over a range of images. Its bands are always of
    :data:`BAND_BYTES`: they group the sums, so their size must not depend on who runs them."""
    C, F, out_hw = x.shape[3], dout.shape[3], dout.shape[1:3]

    def work(images: range) -> np.ndarray:
        band = _Band(out_hw, C, F, dtype, BAND_BYTES)
        image = _Parity(out_hw, C, dtype, offset=(padding[0][0], padding[1][0]))
        blocks = _Blocks(out_hw, F, dtype)
        du, product = np.zeros((16, C, F), dtype), np.empty((16, C, F), dtype)
        for n in images:
            image.load(x[n])
            blocks.load(dout[n])
            for t0, t1 in band.ranges():
                v = band.tiles(image.data, t0, t1)
                dm = band.spread(blocks.band(t0, t1))
                du += np.matmul(v.reshape(16, -1, C).swapaxes(1, 2), dm, out=product)
        return du

    return work


def _band_budget(N: int, size: int) -> int:
    """The band size for a job of ``N`` images and ``size`` bytes: larger when threads share
    it (helper processes each run alone)."""
    shared = (size >= threads.SMALL_BYTES and threads.workers(N) > 1
              and not processes.available(N, size))
    return SHARED_BAND_BYTES if shared else BAND_BYTES


class _Parity:
    """One image, zero-padded to whole tiles, stored by column and row parity.

    ``data[s, r, i, j]`` holds padded row ``2i + r``, column ``2j + s`` (channels last), with
    one spare zero row pair at the bottom for the band transforms' shifted reads. The input's
    pixel ``(y, x)`` sits at padded ``(y + top, x + left)``; the border stays zero, as only the
    same interior is written for every image.
    """

    def __init__(self, out_hw, channels: int, dtype, offset):
        th, tw = ((s + 1) // 2 for s in out_hw)
        self.offset = offset
        self.data = np.zeros((2, 2, th + 2, tw + 1, channels), dtype)

    def load(self, image: np.ndarray) -> None:
        """Copy one (H, W, C) image (any strides) into the interior."""
        (top, left), rows, cols = self.offset, (self.data.shape[2] - 1) * 2, self.data.shape[3] * 2
        H, W = min(image.shape[0], rows - top), min(image.shape[1], cols - left)
        for r in range(2):
            y0 = (r - top) % 2                                  # first image row of parity r
            i0 = (y0 + top) // 2
            for s in range(2):
                x0 = (s - left) % 2
                j0 = (x0 + left) // 2
                part = image[y0:H:2, x0:W:2]
                self.data[s, r, i0:i0 + part.shape[0], j0:j0 + part.shape[1]] = part


class _Blocks:
    """``dout`` of one image by position in its 2×2 block: ``data[r, s, i, j] = dout[2i + r,
    2j + s]``, zero past the edge and in the spare tile column (``j = tw``) the band transforms
    carry, so that a band's four planes are one (4, band) matrix."""

    def __init__(self, out_hw, F: int, dtype):
        th, tw = ((s + 1) // 2 for s in out_hw)
        self.data = np.zeros((2, 2, th, tw + 1, F), dtype)

    def load(self, image: np.ndarray) -> None:
        """Copy one (H_out, W_out, F) gradient (any strides) into ``data``."""
        for r in range(2):
            for s in range(2):
                part = image[r::2, s::2]
                self.data[r, s, :part.shape[0], :part.shape[1]] = part

    def band(self, t0: int, t1: int) -> np.ndarray:
        """The blocks of tile rows ``t0:t1`` as (4, t1 - t0, tw + 1, F) (a view)."""
        return self.data[:, :, t0:t1].reshape(4, t1 - t0, *self.data.shape[3:])


class _Band:
    """Reused buffers and the transforms of one band of tile rows (one thread's).

    The input transform ``V = Bᵀ d B`` runs columns first, on the band's padded rows (twice
    the input), then rows (four times). Every ufunc reads and writes whole planes of the band
    as flat runs: each row of tiles carries one spare tile (``j = tw``), computed from the next
    row's first columns and never stored, so that the column shift of a tile is a shift by
    ``C`` of the flat plane. The output transform ``Aᵀ M A`` and the weight gradient's
    ``A₂ᵀ dY`` are one small GEMM each (K = 16 and 4), which BLAS streams faster than
    elementwise passes. In the weight gradient the spare tiles meet zero blocks of ``dout``.
    """

    def __init__(self, out_hw, C: int, F: int, dtype, budget: int):
        self.out_hw = out_hw
        th, tw = ((s + 1) // 2 for s in out_hw)
        row_bytes = 16 * (tw + 1) * max(C, F) * np.dtype(dtype).itemsize   # V of a tile row
        most = max(1, min(BAND_TILES, budget // row_bytes))
        b = -(-th // -(-th // most))                             # equal bands of at most `most`
        self.th, self.tw, self.band = th, tw, b
        self.a2 = _A2.astype(dtype)
        # flat buffers; `small` holds the column pass, then the output blocks
        w = tw + 1
        self.small = np.empty(max(8 * (b + 1) * w * C, 4 * b * w * F), dtype)
        self.v = np.empty(16 * b * w * C, dtype)
        self.m = np.empty((16, b * w * F), dtype)

    def ranges(self):
        step = self.band
        return ((t0, min(self.th, t0 + step)) for t0 in range(0, self.th, step))

    def tiles(self, padded: np.ndarray, t0: int, t1: int) -> np.ndarray:
        """V = Bᵀ d B for tile rows ``t0:t1`` of a :class:`_Parity` input: (16, b·(tw + 1), C)
        (slot ``4a + b`` of row term a and column term b; the spare tiles included)."""
        b, C = t1 - t0, padded.shape[-1]
        plane = (self.tw + 1) * C                                # one row of tiles
        flat = padded.reshape(2, 2, -1)                          # (s, r, rows of the image)
        start, size = t0 * plane, (b + 1) * plane                # b tile rows read b + 1
        g = _view(self.small, (4, 2, size))                      # (column term, r, …)
        _b_pass(flat[:, :, start:start + size], flat[:, :, start + C:start + C + size], g,
                g[::3], lambda y: y[1], lambda y: y[0])
        v = _view(self.v, (4, 4, b * plane))                     # (row term, column term, …)
        _b_pass(g[:, :, :b * plane], g[:, :, plane:plane + b * plane], v,
                v[::3].transpose(1, 0, 2), lambda y: y[:, 1], lambda y: y[:, 0])
        return v.reshape(16, -1, C)

    def products(self, v: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The 16 products V[ab]·U[ab], as (16, tiles·F)."""
        m = self.m[:, :v.shape[1] * u.shape[2]]
        np.matmul(v, u, out=m.reshape(16, v.shape[1], -1))
        return m

    def spread(self, dy: np.ndarray) -> np.ndarray:
        """``dM = A₂ᵀ dY`` for the (4, b, tw + 1, F) blocks of a band: (16, tiles, F)."""
        m = self.m[:, :dy[0].size]
        np.matmul(self.a2.T, dy.reshape(4, -1), out=m)
        return m.reshape(16, -1, dy.shape[3])

    def store(self, m: np.ndarray, out: np.ndarray, t0: int, bias=None) -> None:
        """Write ``Aᵀ M A`` of the band's products ``m`` (16, tiles·F), plus ``bias`` (F,) if
        given, into ``out`` (H_out, W_out, F), any strides; the last row or column of tiles may
        be cut by the output's edge, and the spare tiles are dropped."""
        w, F = self.tw + 1, out.shape[2]
        b = m.shape[1] // (w * F)
        y = _view(self.small, (4, b, w, F))
        np.matmul(self.a2, m, out=y.reshape(4, -1))              # y[2r + s]: out[2t + r, 2j + s]
        rows = out[2 * t0:min(2 * (t0 + b), self.out_hw[0])]
        for r in range(2):
            for s in range(2):
                target = rows[r::2, s::2]
                block = y[2 * r + s, :target.shape[0], :target.shape[1]]
                if bias is None:
                    target[...] = block
                else:
                    np.add(block, bias, out=target)


def _view(buffer: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The start of a flat buffer as a C-contiguous array of ``shape``."""
    return buffer[:math.prod(shape)].reshape(shape)


def _b_pass(lo, hi, out, ends, odd, even) -> None:
    """One direction of ``Bᵀ d B``, with terms ``d0 - d2, d1 + d2, d2 - d1, d1 - d3``.

    ``lo`` holds ``(d0, d1)`` and ``hi`` holds ``(d2, d3)``, stacked on an axis that
    ``odd``/``even`` pick (``odd(lo)`` is d1, ``even(hi)`` is d2); ``ends`` is the view of
    ``out`` where terms 0 and 3 sit on that same axis, so both come from one subtraction.
    """
    np.subtract(lo, hi, out=ends)
    np.add(odd(lo), even(hi), out=out[1])
    np.subtract(even(hi), odd(lo), out=out[2])
