namespace CustomerJourney.Analytics;

/// <summary>Gaussian elimination with partial pivoting on an augmented matrix.</summary>
internal static class LinearSolver
{
    /// <summary>Solves the m×m system whose augmented matrix (m × m+1) is <paramref name="a"/>; <paramref name="a"/> is overwritten.</summary>
    public static double[] Solve(double[,] a, int m)
    {
        for (var col = 0; col < m; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < m; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (pivot != col)
            {
                for (var c = col; c <= m; c++)
                {
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                }
            }

            var diagonal = a[col, col];
            if (Math.Abs(diagonal) < 1e-300)
            {
                continue;
            }

            for (var r = 0; r < m; r++)
            {
                if (r == col || a[r, col] == 0)
                {
                    continue;
                }

                var factor = a[r, col] / diagonal;
                for (var c = col; c <= m; c++)
                {
                    a[r, c] -= factor * a[col, c];
                }
            }
        }

        var x = new double[m];
        for (var r = 0; r < m; r++)
        {
            x[r] = Math.Abs(a[r, r]) < 1e-300 ? 0 : a[r, m] / a[r, r];
        }

        return x;
    }
}
