// BackgroundJobs on Azure: `azd up` takes a fresh subscription to a running Functions app.
// Every resource lives in one resource group named after the azd environment; names end in a
// token unique to subscription, environment and region, and every resource carries azd-env-name.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; names the resource group and seeds the resource token.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer Flex Consumption.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Optional: the developer running azd (AZURE_PRINCIPAL_ID), given data access to storage so a local func start can use it.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
@description('What principalId is: a developer, or the service principal of a pipeline (azd pipeline config).')
param principalType string = 'User'

@description('Where alert e-mails go.')
param alertEmail string

@secure()
@minLength(1)
@description('The SendGrid API key; stored in Key Vault, never in app settings.')
param sendGridApiKey string

@secure()
@minLength(1)
@description('The Standard Webhooks signing secret (whsec_...); stored in Key Vault.')
param webhookSigningSecret string

@secure()
@minLength(1)
@description('The CRM\'s API key (Crm:ApiKey); stored in Key Vault, never in app settings.')
param crmApiKey string

@description('The CRM\'s REST API base URL (Crm:BaseUrl), such as https://crm.example.com/api/.')
param crmBaseUrl string

@description('The CRM\'s rate limit in requests per second, shared by every sync in one instance (Crm:RequestsPerSecond).')
param crmRequestsPerSecond string = '10'

@description('When the recurring CRM sync runs: a six-field cron with seconds, in UTC (Crm:Schedule:Cron).')
param crmScheduleCron string = '0 0 2 * * *'

@description('The blob the recurring CRM sync reads, such as uploads/crm-feed.csv; empty turns the schedule off (Crm:Schedule:SourceBlob).')
param crmScheduleSourceBlob string = ''

@secure()
@minLength(1)
@description('The model endpoint\'s API key (Inference:ApiKey); stored in Key Vault, never in app settings.')
param inferenceApiKey string

@description('The OpenAI-compatible API root for AI batch inference (Inference:BaseUrl), such as https://api.openai.com/v1; empty leaves inference jobs off.')
param inferenceBaseUrl string = ''

@description('The model an inference job uses when its request names none (Inference:Model), such as gpt-4o-mini.')
param inferenceModel string = ''

@description('The model endpoint\'s rate limit in requests per second, shared by every inference job in one instance (Inference:RequestsPerSecond).')
param inferenceRequestsPerSecond string = '5'

@description('Default sender address of job e-mails (Email:From).')
param emailFrom string

@description('Default sender name of job e-mails (Email:FromName).')
param emailFromName string = 'Background Jobs'

@description('Alert when more jobs than this fail within 15 minutes.')
param failedJobsThreshold int = 5

@description('Alert when the oldest pending job has waited longer than this many minutes.')
param oldestPendingMinutes int = 30

@description('The most instances Flex Consumption may scale the app out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var appContainerName = 'backgroundjobs'
var jobEventsTopicName = 'job-events'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The role-granting modules take the identity by name (known before deployment, so role
// assignment names are too) and so wait for it with dependsOn.
module identity 'modules/identity.bicep' = {
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  dependsOn: [identity]
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
    appContainerName: appContainerName
    appIdentityName: identityName
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module monitoring 'modules/monitoring.bicep' = {
  dependsOn: [identity]
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    appIdentityName: identityName
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  dependsOn: [identity]
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    topicName: jobEventsTopicName
    appIdentityName: identityName
  }
}

module keyVault 'modules/key-vault.bicep' = {
  dependsOn: [identity]
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    webhookSigningSecret: webhookSigningSecret
    crmApiKey: crmApiKey
    inferenceApiKey: inferenceApiKey
    appIdentityName: identityName
  }
}

module functionApp 'modules/function-app.bicep' = {
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'functions'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    // The app's own settings: the names its options classes bind (Section__Property), the same on
    // both hosts. tests/BackgroundJobs.Infra.Tests checks that none the code needs is missing.
    appSettings: {
      TaskHubName: 'BackgroundJobs'
      Storage__BlobServiceUri: storage.outputs.blobEndpoint
      Storage__Container: storage.outputs.appContainerName
      SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.sendGridApiKeyUri})'
      SendGrid__TimeoutSeconds: '30'
      Email__From: emailFrom
      Email__FromName: emailFromName
      Uploads__MaxBytes: '104857600'
      Webhooks__SigningSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.webhookSigningSecretUri})'
      ServiceBus__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      ServiceBus__Topic: serviceBus.outputs.topicName
      Crm__BaseUrl: crmBaseUrl
      Crm__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.crmApiKeyUri})'
      Crm__RequestsPerSecond: crmRequestsPerSecond
      Crm__Schedule__Cron: crmScheduleCron
      Crm__Schedule__SourceBlob: crmScheduleSourceBlob
      Inference__BaseUrl: inferenceBaseUrl
      Inference__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.inferenceApiKeyUri})'
      Inference__Model: inferenceModel
      Inference__RequestsPerSecond: inferenceRequestsPerSecond
    }
  }
}

module alerts 'modules/alerts.bicep' = {
  scope: rg
  params: {
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    failedJobsAlertName: '${abbrs.insightsScheduledQueryRules}failed-jobs-${resourceToken}'
    oldestPendingAlertName: '${abbrs.insightsScheduledQueryRules}oldest-pending-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
    failedJobsThreshold: failedJobsThreshold
    oldestPendingMinutes: oldestPendingMinutes
  }
}

// Upper case, so azd stores them in the environment (.azure/<env>/.env) and hands them to hooks.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URI string = functionApp.outputs.uri
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output STORAGE_CONTAINER string = storage.outputs.appContainerName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_TOPIC string = serviceBus.outputs.topicName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
