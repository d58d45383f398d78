using System;
using TorchSharp;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.ADBench;

/// <summary>
/// The GMM objective as TorchSharp tensor code (the shape of ADBench's PyTorch module: all points and components at
/// once, Q built as diag(exp q) + L from the icf rows, log-sum-exp over components) and its gradient by
/// <c>backward()</c>. Double precision, one intra-op thread (our C# runs on one thread too).
/// </summary>
public sealed class TorchGmm : IDisposable
{
    private readonly GmmInstance _g;
    private readonly Tensor _x;
    private readonly Tensor _alphas;
    private readonly Tensor _means;
    private readonly Tensor _icf;
    private readonly Tensor _lowerIndex;
    private readonly double _constant;

    public TorchGmm(GmmInstance g)
    {
        _g = g;
        int d = g.D, k = g.K;
        int icfSize = d * (d + 1) / 2;
        _x = torch.tensor(g.X, torch.float64).reshape(g.N, d);
        _alphas = torch.tensor(g.Alphas, torch.float64).requires_grad_(true);
        _means = torch.tensor(g.Means, torch.float64).reshape(k, d).requires_grad_(true);
        _icf = torch.tensor(g.Icf, torch.float64).reshape(k, icfSize).requires_grad_(true);
        // Flat positions (row · d + column) of the strict lower triangle, in ADBench's column-by-column order.
        var index = new long[icfSize - d];
        int e = 0;
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
                index[e++] = j * d + i;
        _lowerIndex = torch.tensor(index, torch.int64);
        _constant = Gmm.Constant(d, g.N) - k * Gmm.WishartConstant(d, g.WishartGamma, g.WishartM);
    }

    /// <summary>Use one intra-op thread, as the C# contenders do.</summary>
    public static void UseOneThread() => torch.set_num_threads(1);

    private Tensor Forward()
    {
        int d = _g.D, k = _g.K;
        Tensor logDiag = _icf.narrow(1, 0, d);
        Tensor lower = _icf.narrow(1, d, _icf.shape[1] - d);
        Tensor sumQs = logDiag.sum(1);
        Tensor qdiags = logDiag.exp();
        Tensor l = torch.zeros(k, d * d, torch.float64).index_copy(1, _lowerIndex, lower).reshape(k, d, d);
        Tensor q = torch.diag_embed(qdiags) + l;                                  // K × d × d, lower triangular
        Tensor xc = _x.unsqueeze(1) - _means.unsqueeze(0);                       // n × K × d
        Tensor qxc = torch.einsum("kij,nkj->nki", q, xc);                        // n × K × d
        Tensor main = _alphas.unsqueeze(0) + sumQs.unsqueeze(0) - 0.5 * qxc.square().sum(2);
        Tensor slse = torch.logsumexp(main, 1).sum();
        Tensor lseAlphas = torch.logsumexp(_alphas, 0);
        double g2 = _g.WishartGamma * _g.WishartGamma;
        Tensor frobenius = qdiags.square().sum(1) + lower.square().sum(1);
        Tensor prior = (0.5 * g2 * frobenius - _g.WishartM * sumQs).sum();
        return slse - _g.N * lseAlphas + prior + _constant;
    }

    /// <summary>The objective without recording a graph.</summary>
    public double Objective()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return Forward().item<double>();
    }

    /// <summary>Objective and gradient (copied out into the three spans).</summary>
    public double Gradient(Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf)
    {
        using var scope = torch.NewDisposeScope();
        _alphas.grad?.zero_();
        _means.grad?.zero_();
        _icf.grad?.zero_();
        Tensor err = Forward();
        err.backward();
        Copy(_alphas.grad!, dAlphas);
        Copy(_means.grad!, dMeans);
        Copy(_icf.grad!, dIcf);
        return err.item<double>();
    }

    private static void Copy(Tensor t, Span<double> destination) => t.contiguous().data<double>().CopyTo(destination);

    public void Dispose()
    {
        _x.Dispose();
        _alphas.Dispose();
        _means.Dispose();
        _icf.Dispose();
        _lowerIndex.Dispose();
    }
}
