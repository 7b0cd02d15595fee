using Zhuji.Api;
using Zhuji.Api.Features.AdminAccounts;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Compliance;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Health;
using Zhuji.Api.Features.HelpGroups;
using Zhuji.Api.Features.MasterData;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Reports;
using Zhuji.Api.Features.Roles;
using Zhuji.Api.Features.Rosters;
using Zhuji.Api.Features.Stats;
using Zhuji.Api.Features.Stewardships;
using Zhuji.Api.Features.Suggestions;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Features.Wishes;
using Zhuji.Api.Hosting;
using Zhuji.Infrastructure;
using Zhuji.Jobs;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
builder.Services.AddJobs(builder.Configuration);
builder.Services.AddApi(builder.Configuration);

var app = builder.Build();
app.UseApi();

app.MapHealth();
var api = app.MapGroup("/api/v1");
api.MapAuth();
api.MapRoleAssignments();
api.MapAdminAccounts();
api.MapStreets();
api.MapCommunities();
api.MapWorkUnits();
api.MapPlaceEdits();
api.MapScenes();
api.MapRegistrations();
api.MapRosters();
api.MapTasks();
api.MapClaims();
api.MapClaimQueue();
api.MapFlags();
api.MapMembers();
api.MapCommunityMembers();
api.MapWishes();
api.MapHelpGroups();
api.MapStewardships();
api.MapSuggestions();
api.MapCompliance();
api.MapReports();
api.MapStats();
api.MapAudit();
app.MapJobsDashboard();
app.MapBackOffice();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
