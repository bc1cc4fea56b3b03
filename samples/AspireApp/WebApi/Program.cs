// GET /hello/{name}: asks the Rust GreetFunction (GET /greet on the functions' local server) and passes its answer on.
// The app host's WithReference(functions) gives this process the server's address as services__functions__http__0,
// which .NET configuration reads as services:functions:http:0.
var builder = WebApplication.CreateBuilder(args);
string functionsUrl = builder.Configuration["services:functions:http:0"]
    ?? throw new InvalidOperationException("services:functions:http:0 is not set: run this through the app host (samples/AspireApp/AppHost).");
builder.Services.AddHttpClient("functions", client => client.BaseAddress = new Uri(functionsUrl));

var app = builder.Build();
app.MapGet("/hello/{name}", async (string name, IHttpClientFactory clients) =>
{
    using var response = await clients.CreateClient("functions").GetAsync($"/greet?name={Uri.EscapeDataString(name)}");
    string body = await response.Content.ReadAsStringAsync();
    return Results.Content(body, "application/json", statusCode: (int)response.StatusCode);
});
app.MapGet("/health", () => "ok");
app.Run();
