// One storage account for the deployment package, the app's blobs and the Durable task hub
// (blobs, queues, tables). Keys are switched off: everything reaches it through Entra ID and RBAC.
param name string
param location string
param tags object

@description('Container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Container that holds uploads, job state and results (Storage:Container).')
param appContainerName string

@description('The app\'s user-assigned identity, in this resource group. Taken by name, not principal id, so role assignment names are known before deployment.')
param appIdentityName string

@description('Optional: the developer running azd, so a local func start can reach the same account.')
param userPrincipalId string = ''

@allowed(['User', 'ServicePrincipal'])
param userPrincipalType string = 'User'

// Built-in roles: Storage Blob Data Owner, Storage Queue Data Contributor, Storage Table Data
// Contributor. The Functions host needs Owner on blobs (it manages leases and containers); the
// Durable task hub needs queues and tables.
var roleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource appContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: appContainerName
}

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in roleIds: {
  name: guid(account.id, appIdentity.id, roleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource userRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in (empty(userPrincipalId) ? [] : roleIds): {
  name: guid(account.id, userPrincipalId, roleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
output appContainerName string = appContainer.name
