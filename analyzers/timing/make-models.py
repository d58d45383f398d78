#!/usr/bin/env python3
"""Writes Models.cs: 300 [Differentiable] methods in the shapes training code has (deep sigmoid/tanh loops over layers,
RNNs over time, residual and normalized stacks, helpers, ReLU nets with nested loops, small scalar functions), plus
the trainers that initialize their weights and apply their gradients. Used by measure.sh to time the analyzers."""
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
out = ["using System;", "using AutoDiffGen;", "", "public static partial class Models", "{"]
trainers = []
count = 0
k = 0
while count < N:
    t = k % 6
    if t == 4 and count + 2 > N:
        t = 5
    count += 2 if t == 4 else 1
    if t == 0:
        out.append(f"""    [Differentiable]
    public static double SigmoidStack{k}(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {{
        Span<double> h = stackalloc double[8];
        Span<double> z = stackalloc double[8];
        x.CopyTo(h);
        for (int l = 0; l < 8; l++)
        {{
            Linear.Dense(p.Slice(l * 72, 64), p.Slice(l * 72 + 64, 8), h, z);
            Activations.Sigmoid(z, h);
        }}
        return Losses.MeanSquaredError(h, y);
    }}
""")
        trainers.append(f"""    public static void TrainSigmoid{k}(double[] p, double[] g, double[] x, double[] y, Random rng)
    {{
        for (int l = 0; l < 8; l++) Init.GlorotUniform(p.AsSpan(l * 72, 64), 8, 8, rng);
        for (int step = 0; step < 10; step++)
        {{
            Models.SigmoidStack{k}Gradient(p, x, y, g);
            for (int i = 0; i < p.Length; i++) p[i] -= 0.1 * g[i];
        }}
    }}
""")
    elif t == 1:
        out.append(f"""    [Differentiable]
    public static double Rnn{k}(double u, double w, double v, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {{
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {{
            h = Math.Tanh(w * h + u * xs[t]);
        }}
        double y = v * h;
        return (y - target) * (y - target);
    }}
""")
        trainers.append(f"""    public static void TrainRnn{k}(double[] xs)
    {{
        double u = 0.5, w = 0.9, v = 1;
        for (int epoch = 0; epoch < 10; epoch++)
        {{
            Models.Rnn{k}Gradient(u, w, v, xs, 1.0, out var du, out var dw, out var dv);
            u -= 0.1 * du;
            w -= 0.1 * dw;
            v -= 0.1 * dv;
        }}
    }}
""")
    elif t == 2:
        out.append(f"""    [Differentiable]
    public static double Residual{k}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int depth, int n)
    {{
        Span<double> h = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        x.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {{
            for (int i = 0; i < n; i++)
            {{
                double s = 0;
                for (int j = 0; j < n; j++) s += w[(l * n + i) * n + j] * h[j];
                next[i] = h[i] + Math.Tanh(s);
            }}
            next.CopyTo(h);
        }}
        double sum = 0;
        for (int i = 0; i < n; i++) sum += h[i] * h[i];
        return sum;
    }}
""")
    elif t == 3:
        out.append(f"""    [Differentiable]
    public static double Normalized{k}(ReadOnlySpan<double> p, ReadOnlySpan<double> gain, ReadOnlySpan<double> shift, [NoDerivative] ReadOnlySpan<double> x, int label)
    {{
        Span<double> h = stackalloc double[8];
        Span<double> z = stackalloc double[8];
        Span<double> zn = stackalloc double[8];
        x.CopyTo(h);
        for (int l = 0; l < 12; l++)
        {{
            Linear.Dense(p.Slice(l * 72, 64), p.Slice(l * 72 + 64, 8), h, z);
            Normalization.LayerNorm(z, gain.Slice(l * 8, 8), shift.Slice(l * 8, 8), zn);
            Activations.Tanh(zn, h);
        }}
        return Losses.SoftmaxCrossEntropy(h, label);
    }}
""")
    elif t == 4:
        out.append(f"""    [Differentiable]
    public static double Cell{k}(ReadOnlySpan<double> w, double x) => Math.Tanh(w[0] * x + w[1]);

    [Differentiable]
    public static double HelperLoop{k}(ReadOnlySpan<double> w, double x, int depth)
    {{
        double h = x;
        for (int l = 0; l < depth; l++)
        {{
            h = Cell{k}(w.Slice(2 * l, 2), h);
        }}
        return h * h;
    }}
""")
    else:
        out.append(f"""    [Differentiable]
    public static double Relu{k}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, int n, int depth)
    {{
        Span<double> h = stackalloc double[n];
        Span<double> z = stackalloc double[n];
        x.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {{
            for (int i = 0; i < n; i++)
            {{
                double s = 0;
                for (int j = 0; j < n; j++) s += w[(l * n + i) * n + j] * h[j];
                z[i] = s;
            }}
            for (int i = 0; i < n; i++) h[i] = Math.Max(0.0, z[i]);
        }}
        double loss = 0;
        for (int i = 0; i < n; i++) loss += (h[i] - y[i]) * (h[i] - y[i]);
        return loss / n + 0.01 * Math.Sin(w[0]) * Math.Exp(-w[1] * w[1]);
    }}
""")
    k += 1
out.append("}")
out.append("")
out.append("public static class Trainers")
out.append("{")
out.extend(trainers)
out.append("}")
sys.stdout.write("\n".join(out) + "\n")
