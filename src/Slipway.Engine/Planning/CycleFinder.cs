namespace Slipway.Engine.Planning;

/// <summary>Finds one cycle in a directed graph by depth-first search, as the path that closes it (A, B, A).</summary>
internal static class CycleFinder
{
    public static IReadOnlyList<T>? Find<T>(IEnumerable<T> nodes, Func<T, IEnumerable<T>> edges) where T : notnull
    {
        var finished = new HashSet<T>();
        var path = new List<T>();
        var onPath = new HashSet<T>();

        IReadOnlyList<T>? Visit(T node)
        {
            if (onPath.Contains(node))
                return [.. path.Skip(path.IndexOf(node)), node];
            if (finished.Contains(node))
                return null;

            path.Add(node);
            onPath.Add(node);
            foreach (var next in edges(node))
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            onPath.Remove(node);
            finished.Add(node);
            return null;
        }

        foreach (var node in nodes)
        {
            if (Visit(node) is { } cycle)
                return cycle;
        }
        return null;
    }
}
