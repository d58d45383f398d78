using System;

namespace AutoDiffGen.ADBench;

/// <summary>
/// ADBench's bundle adjustment objective: for every observation, the weighted reprojection error of a point through a
/// camera (Rodrigues rotation, perspective division, two-parameter radial distortion, focal length and principal
/// point), and for every observation weight the error 1 − w². The Jacobian is sparse: each observation's 2 residuals
/// depend on its camera's 11 parameters, its point's 3 coordinates and its weight.
/// </summary>
/// <remarks>Camera layout as ADBench: [r₀ r₁ r₂ (angle-axis), C₀ C₁ C₂ (centre), f, u₀ v₀, k₁ k₂].</remarks>
public static partial class BundleAdjustment
{
    /// <summary>Parameters per camera.</summary>
    public const int CameraParameters = 11;

    /// <summary>Columns of one observation's Jacobian block: camera, point, weight.</summary>
    public const int BlockColumns = CameraParameters + 3 + 1;

    /// <summary>
    /// The two weighted reprojection residuals of one observation. The generator also writes its 2 × 15 Jacobian
    /// (<c>ReprojectionErrorJacobian</c>: 2 outputs, 15 inputs, so two reverse sweeps).
    /// </summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Jacobian)]
    public static void ReprojectionError(ReadOnlySpan<double> cam, ReadOnlySpan<double> point, double w,
        [NoDerivative] ReadOnlySpan<double> feat, Span<double> err)
    {
        double r0 = cam[0], r1 = cam[1], r2 = cam[2];
        double x0 = point[0] - cam[3];
        double x1 = point[1] - cam[4];
        double x2 = point[2] - cam[5];

        // Rodrigues: R x = x cos θ + (ŵ × x) sin θ + ŵ (ŵ · x)(1 − cos θ), ŵ = r / θ; first order at θ = 0.
        double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
        double y0, y1, y2;
        if (sqtheta != 0)
        {
            double theta = Math.Sqrt(sqtheta);
            double cosTheta = Math.Cos(theta);
            double sinTheta = Math.Sin(theta);
            double inverse = 1.0 / theta;
            double w0 = r0 * inverse, w1 = r1 * inverse, w2 = r2 * inverse;
            double tmp = (w0 * x0 + w1 * x1 + w2 * x2) * (1.0 - cosTheta);
            y0 = x0 * cosTheta + (w1 * x2 - w2 * x1) * sinTheta + w0 * tmp;
            y1 = x1 * cosTheta + (w2 * x0 - w0 * x2) * sinTheta + w1 * tmp;
            y2 = x2 * cosTheta + (w0 * x1 - w1 * x0) * sinTheta + w2 * tmp;
        }
        else
        {
            y0 = x0 + (r1 * x2 - r2 * x1);
            y1 = x1 + (r2 * x0 - r0 * x2);
            y2 = x2 + (r0 * x1 - r1 * x0);
        }

        double p0 = y0 / y2;
        double p1 = y1 / y2;
        double rsq = p0 * p0 + p1 * p1;
        double distortion = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
        err[0] = w * (p0 * distortion * cam[6] + cam[7] - feat[0]);
        err[1] = w * (p1 * distortion * cam[6] + cam[8] - feat[1]);
    }

    /// <summary>The weight error 1 − w².</summary>
    [Differentiable]
    public static double WeightError(double w) => 1.0 - w * w;

    /// <summary>The whole objective: 2p reprojection residuals and p weight residuals.</summary>
    public static void Objective(BaInstance ba, Span<double> reprojErr, Span<double> wErr)
    {
        for (int i = 0; i < ba.P; i++)
        {
            int camIdx = ba.Obs[2 * i];
            int ptIdx = ba.Obs[2 * i + 1];
            ReprojectionError(ba.Cams.AsSpan(camIdx * CameraParameters, CameraParameters), ba.X.AsSpan(ptIdx * 3, 3), ba.W[i],
                ba.Feats.AsSpan(2 * i, 2), reprojErr.Slice(2 * i, 2));
        }
        for (int i = 0; i < ba.P; i++) wErr[i] = WeightError(ba.W[i]);
    }

    /// <summary>
    /// The sparse Jacobian (ADBench's layout: per observation a 2 × 15 block, column-major, camera then point then
    /// weight; then one entry −2w per weight residual), from the generated <c>ReprojectionErrorJacobian</c> per
    /// observation (row-major, transposed here into ADBench's column-major block). Also writes the residuals.
    /// </summary>
    public static void Jacobian(BaInstance ba, Span<double> reprojErr, Span<double> wErr, Span<double> blocks, Span<double> wBlocks)
    {
        Span<double> rows = stackalloc double[2 * BlockColumns];
        for (int i = 0; i < ba.P; i++)
        {
            int camIdx = ba.Obs[2 * i];
            int ptIdx = ba.Obs[2 * i + 1];
            ReprojectionErrorJacobian(ba.Cams.AsSpan(camIdx * CameraParameters, CameraParameters), ba.X.AsSpan(ptIdx * 3, 3), ba.W[i],
                ba.Feats.AsSpan(2 * i, 2), reprojErr.Slice(2 * i, 2), rows);
            Span<double> block = blocks.Slice(2 * BlockColumns * i, 2 * BlockColumns);
            for (int c = 0; c < BlockColumns; c++)
            {
                block[2 * c] = rows[c];
                block[2 * c + 1] = rows[BlockColumns + c];
            }
        }
        for (int i = 0; i < ba.P; i++) wErr[i] = WeightErrorGradient(ba.W[i], out wBlocks[i]);
    }
}

/// <summary>A BA problem: n cameras, m points, p observations.</summary>
public sealed class BaInstance
{
    private BaInstance(int n, int m, int p)
    {
        N = n; M = m; P = p;
        Cams = new double[BundleAdjustment.CameraParameters * n];
        X = new double[3 * m];
        W = new double[p];
        Obs = new int[2 * p];
        Feats = new double[2 * p];
    }

    /// <summary>Cameras.</summary>
    public int N { get; }
    /// <summary>Points.</summary>
    public int M { get; }
    /// <summary>Observations.</summary>
    public int P { get; }
    /// <summary>11 n camera parameters.</summary>
    public double[] Cams { get; }
    /// <summary>3 m point coordinates.</summary>
    public double[] X { get; }
    /// <summary>p weights.</summary>
    public double[] W { get; }
    /// <summary>2 p (camera, point) index pairs.</summary>
    public int[] Obs { get; }
    /// <summary>2 p measured image coordinates.</summary>
    public double[] Feats { get; }

    /// <summary>
    /// Generates a problem of ADBench's shape: observation i sees camera i mod n and point i mod m (its reader's
    /// pattern). Unlike ADBench's files, which repeat one camera, point and feature, every camera, point and feature
    /// here is drawn separately (seeded): small rotations, centres near the origin, points in front of the cameras,
    /// focal length around 500, principal point and radial distortion of realistic size.
    /// </summary>
    public static BaInstance Generate(int n, int m, int p, int seed = 7)
    {
        var rng = new Random(seed);
        var ba = new BaInstance(n, m, p);
        for (int c = 0; c < n; c++)
        {
            Span<double> cam = ba.Cams.AsSpan(c * BundleAdjustment.CameraParameters, BundleAdjustment.CameraParameters);
            for (int j = 0; j < 3; j++) cam[j] = 0.2 * (rng.NextDouble() - 0.5);
            for (int j = 3; j < 6; j++) cam[j] = rng.NextDouble() - 0.5;
            cam[6] = 400 + 200 * rng.NextDouble();
            cam[7] = 10 * (rng.NextDouble() - 0.5);
            cam[8] = 10 * (rng.NextDouble() - 0.5);
            cam[9] = 0.1 * (rng.NextDouble() - 0.5);
            cam[10] = 0.01 * (rng.NextDouble() - 0.5);
        }
        for (int j = 0; j < m; j++)
        {
            ba.X[3 * j] = 2 * (rng.NextDouble() - 0.5);
            ba.X[3 * j + 1] = 2 * (rng.NextDouble() - 0.5);
            ba.X[3 * j + 2] = 5 + 5 * rng.NextDouble();
        }
        for (int i = 0; i < p; i++)
        {
            ba.Obs[2 * i] = i % n;
            ba.Obs[2 * i + 1] = i % m;
            ba.W[i] = 0.5 + rng.NextDouble();
            ba.Feats[2 * i] = 100 * (rng.NextDouble() - 0.5);
            ba.Feats[2 * i + 1] = 100 * (rng.NextDouble() - 0.5);
        }
        return ba;
    }
}
