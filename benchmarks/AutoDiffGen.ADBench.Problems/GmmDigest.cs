using System;
using System.Runtime.InteropServices;

namespace AutoDiffGen.ADBench;

/// <summary>
/// A 64-bit FNV-1a digest of a GMM instance's data (the bytes of alphas, means, icf and x, then d, k, n as 32-bit
/// integers). The C++ side of the ADBench side-by-side (<c>benchmarks/adbench-cpp</c>) computes the same digest of
/// the instance its own generator draws, so a run can check that both sides measured the same numbers.
/// </summary>
public static class GmmDigest
{
    /// <summary>The digest, as the C++ <c>GmmDigest</c> computes it.</summary>
    public static ulong Compute(GmmInstance g)
    {
        ulong h = 14695981039346656037UL;
        Add(ref h, MemoryMarshal.AsBytes(g.Alphas.AsSpan()));
        Add(ref h, MemoryMarshal.AsBytes(g.Means.AsSpan()));
        Add(ref h, MemoryMarshal.AsBytes(g.Icf.AsSpan()));
        Add(ref h, MemoryMarshal.AsBytes(g.X.AsSpan()));
        ReadOnlySpan<int> dims = [g.D, g.K, g.N];
        Add(ref h, MemoryMarshal.AsBytes(dims));
        return h;
    }

    /// <summary>The digest as 16 lower-case hex digits.</summary>
    public static string Hex(GmmInstance g) => Compute(g).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static void Add(ref ulong h, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The digest is defined on little-endian bytes.");
        foreach (byte b in bytes)
        {
            h ^= b;
            h *= 1099511628211UL;
        }
    }
}
