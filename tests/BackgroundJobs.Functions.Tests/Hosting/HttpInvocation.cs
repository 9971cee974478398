using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace BackgroundJobs.Functions.Tests.Hosting;

/// <summary>
/// One HTTP invocation as the ASP.NET Core integration presents it to a function: an
/// <see cref="HttpContext"/> for the request, and a <see cref="FunctionContext"/> that carries it the
/// way the integration's proxying middleware sets it up.
/// </summary>
internal sealed class HttpInvocation
{
    public const string BaseUrl = "https://jobs.example.net";

    // What FunctionsHttpProxyingMiddleware does for each HTTP invocation: the HttpContext under this
    // item key, and its (internal) request-data feature, which wraps the HttpContext's request.
    private const string HttpContextItemKey = "HttpRequestContext";
    private const string RequestDataFeatureType = "Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore.AspNetCoreHttpRequestDataFeature";

    private HttpInvocation(HttpContext httpContext, FunctionContext functionContext)
    {
        HttpContext = httpContext;
        FunctionContext = functionContext;
    }

    public HttpContext HttpContext { get; }

    public FunctionContext FunctionContext { get; }

    public HttpRequest Request => HttpContext.Request;

    public static HttpInvocation Create(IServiceProvider services, string functionName, string method, string path, string? body = null, string? contentType = null)
    {
        var httpContext = new DefaultHttpContext { RequestServices = services };
        var request = httpContext.Request;
        request.Method = method;
        request.Scheme = "https";
        request.Host = new HostString(new Uri(BaseUrl).Authority);
        request.Path = path;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = contentType ?? "application/json";
        }

        httpContext.Response.Body = new MemoryStream();

        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(functionName);
        var features = new Mock<IInvocationFeatures>();
        features.Setup(f => f.Get<IHttpRequestDataFeature>()).Returns(AspNetCoreRequestDataFeature());
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { [HttpContextItemKey] = httpContext });
        context.SetupGet(c => c.Features).Returns(features.Object);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InstanceServices).Returns(services);
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);

        // The public accessor reads the same item: if the key ever changes, this fails here, not later.
        if (!ReferenceEquals(context.Object.GetHttpContext(), httpContext))
        {
            throw new InvalidOperationException($"The ASP.NET Core integration no longer finds the HttpContext under '{HttpContextItemKey}'.");
        }

        return new HttpInvocation(httpContext, context.Object);
    }

    /// <summary>What the integration's middleware does after the function returns an <see cref="IResult"/>.</summary>
    public async Task<HttpResponse> ExecuteAsync(IResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        await result.ExecuteAsync(HttpContext);
        HttpContext.Response.Body.Position = 0;
        return HttpContext.Response;
    }

    public string ResponseBody()
    {
        HttpContext.Response.Body.Position = 0;
        using var reader = new StreamReader(HttpContext.Response.Body, leaveOpen: true);
        return reader.ReadToEnd();
    }

    public static IHttpRequestDataFeature AspNetCoreRequestDataFeature()
    {
        var type = typeof(FunctionContextExtensions).Assembly.GetType(RequestDataFeatureType, throwOnError: true)!;
        var instance = type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return instance as IHttpRequestDataFeature
            ?? throw new InvalidOperationException($"{RequestDataFeatureType}.Instance is gone; update this fake to the integration's new shape.");
    }
}
