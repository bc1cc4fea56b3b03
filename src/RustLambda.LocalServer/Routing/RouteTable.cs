using System;
using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Template;

namespace RustLambda.LocalServer.Routing
{
    /// <summary>The result of looking a request up: the route, and its path parameters.</summary>
    public sealed record RouteMatch(MountedRoute Route, Dictionary<string, string>? PathParameters);

    /// <summary>
    /// Every Api / HttpApi route of the template on one port. A request goes to the most specific matching path (API
    /// Gateway's rule: literal over `{var}` over `{proxy+}`, `$default` last), then an exact method over `ANY`, then
    /// SAM's rule that an implicit API beats an explicit one, then template order.
    /// </summary>
    public sealed class RouteTable
    {
        public static readonly RouteTable Empty = new(Array.Empty<MountedRoute>());

        public RouteTable(IReadOnlyList<MountedRoute> routes) => Routes = routes;

        public IReadOnlyList<MountedRoute> Routes { get; }

        public bool HasRestRoutes => Routes.Any(r => r.Definition.Kind == SamApiKind.Rest);

        public static RouteTable Build(IEnumerable<SamApi> apis, IEnumerable<SamApiRoute> routes)
        {
            var byId = apis.ToDictionary(a => a.LogicalId, StringComparer.Ordinal);
            var mounted = new List<MountedRoute>();
            foreach (var route in routes)
            {
                if (byId.TryGetValue(route.ApiLogicalId, out var api))
                {
                    mounted.Add(new MountedRoute(route, api, mounted.Count));
                }
            }
            return new RouteTable(mounted);
        }

        public RouteMatch? Match(string method, string path)
        {
            RouteMatch? best = null;
            foreach (var route in Routes)
            {
                if (!route.IsAnyMethod && !string.Equals(route.Definition.Method, method, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!route.Template.TryMatch(path, out var parameters))
                {
                    continue;
                }
                if (best == null || Compare(route, best.Route) < 0)
                {
                    best = new RouteMatch(route, parameters);
                }
            }
            return best;
        }

        private static int Compare(MountedRoute a, MountedRoute b)
        {
            int bySpecificity = a.Template.CompareSpecificity(b.Template);
            if (bySpecificity != 0)
            {
                return bySpecificity;
            }
            int byMethod = a.IsAnyMethod.CompareTo(b.IsAnyMethod);
            if (byMethod != 0)
            {
                return byMethod;
            }
            int byImplicit = b.Api.IsImplicit.CompareTo(a.Api.IsImplicit);
            return byImplicit != 0 ? byImplicit : a.Order.CompareTo(b.Order);
        }
    }
}
