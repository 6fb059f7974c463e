"""Winograd F(2×2, 3×3): a 3×3, stride 1 convolution with 2.25× fewer products (floating point).

Each 2×2 block of outputs reads a 4×4 tile ``d`` of the padded input (tiles overlap by two rows
and columns). With the transforms of Lavin & Gray (2016)::

    Bᵀ = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
    G  = [[1, 0, 0], [½, ½, ½], [½, -½, ½], [0, 0, 1]]
    Aᵀ = [[1, 1, 1, 0], [0, 1, -1, -1]]

the output block is ``Aᵀ [Σ_c (G g_cf Gᵀ) ⊙ (Bᵀ d_c B)] A``: the sum over input channels of the
16 elementwise products is 16 matrix products ``V[ab] · U[ab]`` of shapes ``(tiles × C)·(C × F)``,
where the direct im2col product does 36 tile-sized ones (9 taps × 4 outputs). The transforms are
additions only, made on bands of tile rows small enough to stay in cache.

The result is the same correlation up to rounding: the weights are transformed in float64, and
the error stays of the order of the direct product's in the same dtype (tests/
test_reference_winograd.py bounds it, in float32 against the float64 result, in float64 against
exact fractions). Symbolic and exact inputs (``dtype=object``: sympy, Fraction) and groups keep
the direct kernel.
"""

import numpy as np

from cnnlab.reference.geometry import Window

__all__ = ["BAND_TILES", "winograd_applies", "winograd_conv3x3", "winograd_weight_gradient"]

BAND_TILES = 7
"""Rows of tiles transformed and multiplied at once (a 56-wide, 64-channel band: ~0.8 MB)."""

_G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])


def winograd_applies(window: Window, groups: int, dtype: np.dtype) -> bool:
    """True for the layers this kernel computes: float, 3×3, stride 1, no dilation, one group."""
    return (dtype.kind == "f" and window.kernel == (3, 3) and window.stride == (1, 1)
            and window.dilation == (1, 1) and groups == 1)


def winograd_conv3x3(x: np.ndarray, w: np.ndarray, padding, out: np.ndarray) -> None:
    """Write the 3×3, stride 1 correlation of ``x`` with ``w`` into ``out``.

    Parameters
    ----------
    x : ndarray (N, H, W, C), any strides (an NCHW array viewed as NHWC is fine)
    w : ndarray (3, 3, C, F)
    padding : ((top, bottom), (left, right)), zeros
    out : ndarray (N, H_out, W_out, F), any strides, with H_out = H + top + bottom - 2
    """
    N, H, W, C = x.shape
    _, H_out, W_out, F = out.shape
    (top, _), (left, _) = padding
    u = np.einsum("ap,pqcf,bq->abcf", _G, w.astype(np.float64), _G)
    u = u.astype(out.dtype).reshape(16, C, F)
    th, tw = (H_out + 1) // 2, (W_out + 1) // 2
    staged = out.strides[3] != out.itemsize                      # NCHW: transform, then transpose
    buffers = _Buffers(min(BAND_TILES, th), W_out, C, F, out.dtype)
    image = np.zeros((2 * th + 2, 2 * tw + 2, C), out.dtype)     # one padded image
    rows, cols = min(H, 2 * th + 2 - top), min(W, 2 * tw + 2 - left)
    for n in range(N):
        image[top:top + rows, left:left + cols] = x[n, :rows, :cols]
        for t0 in range(0, th, BAND_TILES):
            t1 = min(th, t0 + BAND_TILES)
            v = buffers.tiles(image[2 * t0:2 * t1 + 2], t1 - t0)
            target = out[n, 2 * t0:2 * t1]
            block = buffers.stage[:target.shape[0]] if staged else target
            _output_transform(buffers.products(v, u), buffers, block)
            if staged:
                target[...] = block


class _Buffers:
    """Reused arrays of one band: row-transformed input, V, products, half-transformed output,
    and (for an output with strided channels, i.e. NCHW) a contiguous staging block."""

    def __init__(self, band: int, W_out: int, C: int, F: int, dtype: np.dtype):
        tw = (W_out + 1) // 2
        self.rows = np.empty((4, band, 2 * tw + 2, C), dtype)
        self.v = np.empty((4, 4, band, tw, C), dtype)
        self.m = np.empty((16, band * tw, F), dtype)
        self.half = np.empty((2, 4, band, tw, F), dtype)
        self.stage = np.empty((2 * band, W_out, F), dtype)
        self.drows = np.empty((4, band, 2 * tw, F), dtype)

    def tiles(self, band: np.ndarray, b: int) -> np.ndarray:
        """V = Bᵀ d B for the ``b`` tile rows of ``band`` (padded input rows): (4, 4, b, tw, C)."""
        e, v = self.rows[:, :b], self.v[:, :, :b]
        _transform_b(band, e, axis=0)
        _transform_b(e, v.swapaxes(0, 1), axis=2)
        return v

    def expanded(self, grads: np.ndarray, b: int) -> np.ndarray:
        """A dY Aᵀ for the ``b`` tile rows of ``grads`` (2·b rows of dout): (4, 4, b, tw, F)."""
        e = self.drows[:, :b]
        y = self.m[:, :b * e.shape[2] // 2].reshape(4, 4, b, e.shape[2] // 2, -1)
        _transform_a(grads, e, axis=0)
        _transform_a(e, y.swapaxes(0, 1), axis=2)
        return y

    def products(self, v: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The 16 products V[ab]·U[ab], as (4, 4, b, tw, F)."""
        _, _, b, tw, C = v.shape
        m = self.m[:, :b * tw]
        np.matmul(v.reshape(16, b * tw, C), u, out=m)
        return m.reshape(4, 4, b, tw, -1)


def winograd_weight_gradient(x: np.ndarray, dout: np.ndarray, padding, dtype) -> np.ndarray:
    """dw (3, 3, C, F), in ``dtype``, of :func:`winograd_conv3x3` for the output gradient ``dout``
    (NHWC views, any strides and dtypes).

    The adjoint of the forward's products: ``dU[ab] = Σ_tiles V[ab]ᵀ · (A dY Aᵀ)[ab]`` (dY, the
    2×2 blocks of ``dout``, zero past its edge), then ``dw = Gᵀ dU G``: 16 GEMMs of
    ``(C × tiles)·(tiles × F)`` where im2col makes 36 tile-sized ones.
    """
    N, H, W, C = x.shape
    _, H_out, W_out, F = dout.shape
    (top, _), (left, _) = padding
    th, tw = (H_out + 1) // 2, (W_out + 1) // 2
    buffers = _Buffers(min(BAND_TILES, th), W_out, C, F, dtype)
    image = np.zeros((2 * th + 2, 2 * tw + 2, C), dtype)
    grads = np.zeros((2 * th, 2 * tw, F), dtype)
    rows, cols = min(H, 2 * th + 2 - top), min(W, 2 * tw + 2 - left)
    du = np.zeros((16, C, F), dtype)
    for n in range(N):
        image[top:top + rows, left:left + cols] = x[n, :rows, :cols]
        grads[:H_out, :W_out] = dout[n]
        for t0 in range(0, th, BAND_TILES):
            t1 = min(th, t0 + BAND_TILES)
            v = buffers.tiles(image[2 * t0:2 * t1 + 2], t1 - t0)
            y = buffers.expanded(grads[2 * t0:2 * t1], t1 - t0)
            T = (t1 - t0) * tw
            du += v.reshape(16, T, C).transpose(0, 2, 1) @ y.reshape(16, T, F)
    dw = np.einsum("ap,abcf,bq->pqcf", _G, du.reshape(4, 4, C, F).astype(np.float64), _G)
    return dw.astype(dtype)


def _transform_a(d: np.ndarray, out: np.ndarray, axis: int) -> None:
    """``out[k] = (A d)[k]`` along ``axis``: each pair (y0, y1) gives y0, y0 + y1, y0 - y1, -y1."""
    d0, d1 = (d[(slice(None),) * axis + (slice(k, None, 2),)] for k in range(2))
    out[0] = d0
    np.add(d0, d1, out=out[1])
    np.subtract(d0, d1, out=out[2])
    np.negative(d1, out=out[3])


def _transform_b(d: np.ndarray, out: np.ndarray, axis: int) -> None:
    """``out[k] = (Bᵀ d)[k]`` along ``axis`` of ``d``, reading tiles at stride 2 on that axis."""
    n = out.shape[1 + axis]
    d0, d1, d2, d3 = (d[(slice(None),) * axis + (slice(k, k + 2 * n, 2),)] for k in range(4))
    np.subtract(d0, d2, out=out[0])
    np.add(d1, d2, out=out[1])
    np.subtract(d2, d1, out=out[2])
    np.subtract(d1, d3, out=out[3])


def _output_transform(m: np.ndarray, buffers: _Buffers, out: np.ndarray) -> None:
    """Write ``Aᵀ m A`` for each tile of the band into ``out`` (2·b rows; the last may be cut)."""
    b = m.shape[2]
    half = buffers.half[:, :, :b]
    np.add(m[0], m[1], out=half[0])
    half[0] += m[2]
    np.subtract(m[1], m[2], out=half[1])
    half[1] -= m[3]
    if out.shape[0] == 2 * b:                                    # both rows of each tile at once
        _output_columns(half.swapaxes(0, 1), out.reshape(b, 2, *out.shape[1:]).swapaxes(0, 1), 2)
        return
    for r in range(2):                                           # a cut last row of tiles
        _output_columns(half[r][:, :len(out[r::2])], out[r::2], 1)


def _output_columns(t: np.ndarray, target: np.ndarray, axis: int) -> None:
    """``target = t[0] + t[1] + t[2]`` at even and ``t[1] - t[2] - t[3]`` at odd positions along
    ``axis`` of ``target``, where ``t[k]`` has one column per tile (an odd width cuts the last)."""
    pre = (slice(None),) * axis
    even, odd = target[pre + (slice(0, None, 2),)], target[pre + (slice(1, None, 2),)]

    def cut(k, like):
        return t[k][pre + (slice(0, like.shape[axis]),)]

    np.add(cut(0, even), cut(1, even), out=even)
    even += cut(2, even)
    np.subtract(cut(1, odd), cut(2, odd), out=odd)
    odd -= cut(3, odd)
