"""What each identity says: statement, symbols, the index-level argument for every size, notes.

The argument is the general proof (a change of variables in a finite sum); the instance the
reference layers compute is the check. Text in Unicode for the terminal and LaTeX for documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.symbolic.proof import Formula, Step

F = Formula


@dataclass(frozen=True)
class Identity:
    """The fixed text of one identity."""

    id: str
    title: str
    reference: str
    statement: Formula
    definitions: tuple[tuple[Formula, str], ...]
    argument: tuple[Step, ...]
    notes: tuple[str, ...] = ()


ROT = r"\operatorname{rot180}"
WIDE = r"\mathbin{\tilde{\otimes}}"

XW = (F("X ∈ ℝ^{M×N}, W ∈ ℝ^{U×V}", r"X \in \mathbb{R}^{M\times N},\ W \in \mathbb{R}^{U\times V}"),
      "input and kernel")
CORR = (F("(A ⊗ B)ᵢⱼ = Σᵤ Σᵥ a_{uv} · b_{i+u−1, j+v−1}",
          r"(A \otimes B)_{ij} = \sum_{u}\sum_{v} a_{uv}\, b_{i+u-1,\,j+v-1}"),
        "cross-correlation: kernel A slides over B, no padding (⊗ in NNDL)")
FULL = (F("A ⊗̃ B = A ⊗ B̃", r"A " + WIDE + r" B = A \otimes \tilde{B}"),
        "wide (full) cross-correlation: B̃ is B with size(A) − 1 rows and columns of zeros on "
        "every side")
ROT180 = (F("rot180(A)ᵢⱼ = a_{M+1−i, N+1−j}", ROT + r"(A)_{ij} = a_{M+1-i,\,N+1-j}"),
          "A turned half a turn")

COMMUTATIVITY = Identity(
    id="commutativity",
    title="Wide convolution commutes",
    reference="NNDL exercise 5-2 (eq. 5.13; 5-1 in the online draft)",
    statement=F("rot180(W) ⊗̃ X = rot180(X) ⊗̃ W",
                ROT + r"(W) " + WIDE + r" X = " + ROT + r"(X) " + WIDE + r" W"),
    definitions=(XW, CORR, FULL, ROT180),
    argument=(
        Step("Write the left side entry by entry; X̃ is X padded by U − 1 rows and V − 1 columns, "
             "so x̃_{pq} = x_{p−U+1, q−V+1}, and x is 0 outside 1…M, 1…N",
             F("(rot180(W) ⊗̃ X)ᵢⱼ = Σᵤ₌₁ᵁ Σᵥ₌₁ⱽ w_{U+1−u, V+1−v} · x_{i+u−U, j+v−V}",
               r"(" + ROT + r"(W) " + WIDE + r" X)_{ij} = \sum_{u=1}^{U}\sum_{v=1}^{V} "
               r"w_{U+1-u,\,V+1-v}\, x_{i+u-U,\,j+v-V}")),
        Step("Change of variables u′ = U + 1 − u, v′ = V + 1 − v (u′ runs over 1…U as u does)",
             F("= Σ_{u′,v′} w_{u′v′} · x_{i−u′+1, j−v′+1}",
               r"= \sum_{u'=1}^{U}\sum_{v'=1}^{V} w_{u'v'}\, x_{i-u'+1,\,j-v'+1}")),
        Step("Change of variables s = i − u′ + 1, t = j − v′ + 1: sum over the input positions",
             F("= Σ_{s,t} x_{st} · w_{i−s+1, j−t+1}",
               r"= \sum_{s,t} x_{st}\, w_{i-s+1,\,j-t+1}")),
        Step("The right side is the left one with (W, U, V) and (X, M, N) exchanged; the same two "
             "steps give",
             F("(rot180(X) ⊗̃ W)ᵢⱼ = Σ_{s,t} x_{st} · w_{i−s+1, j−t+1}",
               r"(" + ROT + r"(X) " + WIDE + r" W)_{ij} = \sum_{s,t} x_{st}\, w_{i-s+1,\,j-t+1}")),
        Step("Both are the same finite sum (the convolution W ∗ X) over the same range "
             "1 ≤ i ≤ M + U − 1, 1 ≤ j ≤ N + V − 1, for every M, N, U, V  ∎"),
    ),
    notes=("Without the rot180s the claim is false for ⊗: W ⊗̃ X ≠ X ⊗̃ W in general "
           "(cnnlab prove claim \"W (*)~ X == X (*)~ W\" finds the smallest counterexample).",),
)

G_DEF = (F("G = ∂L/∂Y", r"G = \partial L/\partial Y"), "the gradient arriving at the output")
GRADIENT = Identity(
    id="gradient",
    title="Gradients of a convolution layer",
    reference="NNDL §5.3.1 (eqs. 5.36, 5.39); exercise 5-2",
    statement=F("Y = W ⊗ X + b:  ∂L/∂W = G ⊗ X,  ∂L/∂X = rot180(W) ⊗̃ G,  ∂L/∂b = Σᵢⱼ gᵢⱼ",
                r"Y = W \otimes X + b:\quad \frac{\partial L}{\partial W} = G \otimes X,\quad "
                r"\frac{\partial L}{\partial X} = " + ROT + r"(W) " + WIDE + r" G,\quad "
                r"\frac{\partial L}{\partial b} = \sum_{i,j} g_{ij}"),
    definitions=(XW, G_DEF, CORR, FULL, ROT180,
                 (F("G↑s, W↑d, X̃", r"G{\uparrow}s,\ W{\uparrow}d,\ \tilde X"),
                  "stride s: s − 1 zeros between neighbours of G; dilation d: d − 1 zeros between "
                  "the weights; padding p: X with p zeros per side")),
    argument=(
        Step("The forward pass (stride 1, no padding; see the last step for both)",
             F("yᵢⱼ = Σᵤ Σᵥ w_{uv} · x_{i+u−1, j+v−1} + b",
               r"y_{ij} = \sum_{u}\sum_{v} w_{uv}\, x_{i+u-1,\,j+v-1} + b")),
        Step("Chain rule for a weight: ∂yᵢⱼ/∂w_{uv} = x_{i+u−1, j+v−1}",
             F("∂L/∂w_{uv} = Σᵢⱼ gᵢⱼ · x_{i+u−1, j+v−1} = (G ⊗ X)_{uv}",
               r"\frac{\partial L}{\partial w_{uv}} = \sum_{i,j} g_{ij}\, x_{i+u-1,\,j+v-1} "
               r"= (G \otimes X)_{uv}")),
        Step("Chain rule for an input: ∂yᵢⱼ/∂x_{st} = w_{s−i+1, t−j+1} (0 outside 1…U, 1…V)",
             F("∂L/∂x_{st} = Σᵢⱼ gᵢⱼ · w_{s−i+1, t−j+1}",
               r"\frac{\partial L}{\partial x_{st}} = \sum_{i,j} g_{ij}\, w_{s-i+1,\,t-j+1}")),
        Step("Change of variables u = s − i + 1, v = t − j + 1 (as in exercise 5-2)",
             F("= Σᵤᵥ w_{uv} · g_{s−u+1, t−v+1} = (rot180(W) ⊗̃ G)_{st} = (rot180(G) ⊗̃ W)_{st}",
               r"= \sum_{u,v} w_{uv}\, g_{s-u+1,\,t-v+1} = (" + ROT + r"(W) " + WIDE
               + r" G)_{st} = (" + ROT + r"(G) " + WIDE + r" W)_{st}")),
        Step("The bias enters every output once: ∂yᵢⱼ/∂b = 1",
             F("∂L/∂b = Σᵢⱼ gᵢⱼ", r"\frac{\partial L}{\partial b} = \sum_{i,j} g_{ij}")),
        Step("Stride s and padding p: yᵢⱼ reads x̃_{(i−1)s+u, (j−1)s+v} of the padded X̃. Put gᵢⱼ "
             "at row (i−1)s+1, column (j−1)s+1 of G↑s and the same sums give ∂L/∂W = G↑s ⊗ X̃ "
             "(its first U×V block) and ∂L/∂X̃ = rot180(W) ⊗̃ G↑s (zero rows and columns added "
             "for inputs no window reads); ∂L/∂X drops the padding. Dilation d puts d − 1 zeros "
             "between the weights (W↑d) and keeps the entries of G↑s ⊗ X̃ that are d apart  ∎"),
    ),
)

TRANSPOSE = Identity(
    id="transpose",
    title="The backward pass multiplies by Cᵀ",
    reference="NNDL exercise 5-7 (5-6 in the online draft); Dumoulin & Visin §4",
    statement=F("z = C·x  ⟹  δx = Cᵀ·δz", r"z = C x \implies \delta x = C^{\top} \delta z"),
    definitions=(
        (F("x, z", "x,\\ z"), "input and output flattened (channel, row, column order)"),
        (F("C_{oi} = ∂z_o/∂x_i", r"C_{oi} = \partial z_o / \partial x_i"),
         "the weight output o applies to input i (0 outside its window); column i is the layer's "
         "output for the unit input eᵢ"),
        (F("δz = ∂L/∂z, δx = ∂L/∂x", r"\delta z = \partial L/\partial z,\ "
           r"\delta x = \partial L/\partial x"), "the error terms of the backward pass"),
    ),
    argument=(
        Step("Without its bias, each output is linear in the input: output o adds up the inputs "
             "its window reads (padding reads zeros), each times one weight",
             F("z_o = Σᵢ C_{oi} · xᵢ,  i.e.  z = C·x", r"z_o = \sum_i C_{oi}\, x_i,\ "
               r"\text{i.e. } z = C x")),
        Step("Chain rule, one input at a time",
             F("δxᵢ = Σ_o ∂L/∂z_o · ∂z_o/∂xᵢ = Σ_o C_{oi} · δz_o",
               r"\delta x_i = \sum_o \frac{\partial L}{\partial z_o}\frac{\partial z_o}"
               r"{\partial x_i} = \sum_o C_{oi}\, \delta z_o")),
        Step("That sum is row i of Cᵀ times δz", F("δx = Cᵀ·δz", r"\delta x = C^{\top}\delta z")),
        Step("Stride, padding, dilation and channels only decide which weight sits in which entry "
             "of C; the argument never used that structure, so it holds for all of them  ∎"),
    ),
    notes=("A transposed convolution multiplies by Cᵀ: it undoes the shape, not the values "
           "(Cᵀ·C ≠ I; try cnnlab prove claim \"T(C)*(C*x) == x\").",),
)

ONE_BY_ONE = Identity(
    id="one-by-one",
    title="A 1×1 convolution is one fully connected layer at every pixel",
    reference="NNDL exercise 5-3",
    statement=F("y_{ij,:} = Wᵀ·x_{ij,:} + b  at every pixel (i, j)",
                r"y_{ij,:} = W^{\top} x_{ij,:} + b \quad \text{at every pixel } (i, j)"),
    definitions=(
        (F("X ∈ ℝ^{H×W×C_in}", r"X \in \mathbb{R}^{H\times W\times C_{in}}"), "the input"),
        (F("x_{ij,:} ∈ ℝ^{C_in}", r"x_{ij,:} \in \mathbb{R}^{C_{in}}"),
         "the channel vector of pixel (i, j)"),
        (F("W ∈ ℝ^{C_in×C_out}, b ∈ ℝ^{C_out}", r"W \in \mathbb{R}^{C_{in}\times C_{out}},\ "
           r"b \in \mathbb{R}^{C_{out}}"), "the 1×1 kernels (1×1×C_in×C_out) as one matrix, "
         "and the biases"),
    ),
    argument=(
        Step("A convolution with U = V = 1 has one tap, u = v = 1, per input channel c",
             F("y⁽ᵒ⁾ᵢⱼ = Σ_c Σᵤ₌₁¹ Σᵥ₌₁¹ w⁽ᵒ˒ᶜ⁾ᵤᵥ · x⁽ᶜ⁾_{i+u−1, j+v−1} + b_o "
               "= Σ_c w_{co} · x⁽ᶜ⁾ᵢⱼ + b_o",
               r"y^{(o)}_{ij} = \sum_c \sum_{u=1}^{1}\sum_{v=1}^{1} w^{(o,c)}_{uv}\, "
               r"x^{(c)}_{i+u-1,\,j+v-1} + b_o = \sum_c w_{co}\, x^{(c)}_{ij} + b_o")),
        Step("That is entry o of the fully connected layer (W, b) applied to the pixel's vector; "
             "the same W and b at every pixel",
             F("y_{ij,:} = Wᵀ·x_{ij,:} + b", r"y_{ij,:} = W^{\top} x_{ij,:} + b")),
        Step("Backward: the layer is shared by the H·W pixels, so its gradients add up over them",
             F("∂L/∂W = Σᵢⱼ x_{ij,:} · g_{ij,:}ᵀ,  ∂L/∂x_{ij,:} = W·g_{ij,:},  "
               "∂L/∂b = Σᵢⱼ g_{ij,:}",
               r"\frac{\partial L}{\partial W} = \sum_{i,j} x_{ij,:}\, g_{ij,:}^{\top},\ "
               r"\frac{\partial L}{\partial x_{ij,:}} = W g_{ij,:},\ "
               r"\frac{\partial L}{\partial b} = \sum_{i,j} g_{ij,:}")),
        Step("It mixes channels only (no spatial extent): C_in·C_out + C_out parameters and "
             "H·W·C_in·C_out multiply-accumulates, the 1×1 bottleneck of exercise 5-4  ∎"),
    ),
)

POOLING = Identity(
    id="pooling",
    title="Pooling backward is the transpose of its (local) linear map",
    reference="NNDL §5.3.2 (eq. 5.28); deeplearning.ai Course 4 week 1",
    statement=F("z = P·x near x  ⟹  δx = Pᵀ·δz", r"z = P x \text{ near } x \implies "
                r"\delta x = P^{\top} \delta z"),
    definitions=(
        (F("P_{oi} = ∂z_o/∂xᵢ", r"P_{oi} = \partial z_o/\partial x_i"),
         "the pooling's matrix: average 1/(f_h·f_w) on window o; max 1 at the window's maximum"),
        (F("δz = ∂L/∂z, δx = ∂L/∂x", r"\delta z = \partial L/\partial z,\ "
           r"\delta x = \partial L/\partial x"), "the error terms"),
    ),
    argument=(
        Step("Average pooling is linear everywhere: output o is the mean of its window",
             F("z_o = Σ_{i ∈ window(o)} xᵢ/(f_h·f_w) = Σᵢ P_{oi}·xᵢ",
               r"z_o = \sum_{i \in \mathrm{win}(o)} \frac{x_i}{f_h f_w} = \sum_i P_{oi} x_i")),
        Step("Max pooling picks one entry per window, m(o) = argmax. When the maxima are strict, "
             "a small change of x does not move them, so z = P·x with P fixed near x",
             F("z_o = x_{m(o)},  P_{oi} = [i = m(o)]", r"z_o = x_{m(o)},\quad P_{oi} = "
               r"[\,i = m(o)\,]")),
        Step("Chain rule, one input at a time (as in exercise 5-7)",
             F("δxᵢ = Σ_o P_{oi}·δz_o,  i.e.  δx = Pᵀ·δz",
               r"\delta x_i = \sum_o P_{oi}\, \delta z_o,\ \text{i.e. } "
               r"\delta x = P^{\top}\delta z")),
        Step("So average pooling spreads δz_o evenly over its window and max pooling routes it to "
             "the maximum; where windows overlap (s < f) the contributions add up  ∎"),
    ),
    notes=("At a tie the maximum is not differentiable: the reference's ties='first' sends the "
           "gradient to the first maximum (a one-sided derivative); the courses' mask sends it "
           "to every tied entry, which is not a gradient.",),
)
