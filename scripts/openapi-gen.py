#!/usr/bin/env python3
# openapi-gen.py - regenerate share/salesan/openapi.yaml from the server's
# route table (bin/salesand --list-routes) and the schemas below.  A
# developer tool (python3), not part of the build; t90_openapi.t checks the
# document against the table, so run this after adding a route.
import os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import subprocess, re
rows=[l.split('\t') for l in subprocess.check_output(['bin/salesand','--list-routes']).decode().splitlines()]
def T(t,**k): d={'type':t}; d.update(k); return d
S='string'
schemas = {
 'User': ['id:uuid','email:email','firstName','lastName','phone:n','role:enum:sales_representative,sales_manager,admin,super_admin','status:enum:active,inactive,suspended','organizationId:uuidn','managerId:uuidn','lastLoginAt:timen','preferences:object','profileImageUrl:urin','isOnline:bool','createdAt:time','updatedAt:time'],
 'Organization': ['id:uuid','name','type:enum:headquarters,branch,franchise,subsidiary,company','industry:n','size:n','website:urin','phone:n','email:n','address:n','city:n','state:n','country:n','postalCode:n','status:enum:active,inactive,suspended','subscriptionPlan:enum:basic,professional,enterprise','subscriptionStatus','maxUsers:int','settings:object','timezone:n','currency','parentOrganizationId:uuidn','createdAt:time','updatedAt:time'],
 'SalesCall': ['id:uuid','organizationId:uuidn','salesRepresentativeId:uuidn','managerId:uuidn','customerName','customerPhone:n','customerEmail:n','appointmentDate:time','callStartTime:timen','callEndTime:timen','duration:intn','status:enum:scheduled,in_progress,completed,cancelled,no_show','outcome:enumn:sale,no_sale,follow_up,rescheduled','saleAmount:numn','otterAIRecordingId:n','recordingUrl:urin','transcriptUrl:urin','performanceScore:score','strengths:strings','weaknesses:strings','recommendations:strings','scriptCompliance:score','talkRatio:score','keyTopicsCovered:strings','objectionsHandled:strings','customerSentiment:enumn:positive,neutral,negative','notes:n','tags:strings','isLiveMonitored:bool','liveSessionId:uuidn','salesRepresentative:person','manager:person','createdAt:time','updatedAt:time'],
 'SalesScript': ['id:uuid','organizationId:uuid','name','description:n','content','category:n','tags:strings','version','isActive:bool','isDefault:bool','stages:array','objections:array','forbidden:strings','createdBy:uuidn','createdAt:time','updatedAt:time'],
 'Notification': ['id:uuid','organizationId:uuidn','userId:uuid','type:enum:call_started,call_completed,performance_alert,live_intervention,system_alert,reminder,achievement,coaching_tip,email,info','title','message','priority:enum:low,medium,high,urgent','status:enum:read,unread','readAt:timen','expiresAt:timen','actionUrl:n','actionData:object','relatedEntityType:n','relatedEntityId:n','isSent:bool','sentAt:timen','createdAt:time','updatedAt:time'],
 'ApiKey': ['id:uuid','name','prefix','scopes:strings','organizationId:uuid','createdBy:uuidn','createdAt:time','lastUsedAt:timen'],
 'Recording': ['salesCallId:uuid','fileKey','status:enum:queued,transcribing,done,failed','error:n','backend:enum:pocketsphinx,whisper-http','durationMs:int','channels:int','sampleRate:int','segments:int','speakersEstimated:bool','uploadedAt:time','finishedAt:timen'],
 'File': ['fileKey','fileUrl','originalName','contentType','fileSize:int','category:enum:sales-call,analytics,profile,general','description:n','relatedId:uuidn','uploadedAt:time','metadata:object'],
}
def prop(spec):
    p=spec.split(':'); name=p[0]; kind=p[1] if len(p)>1 else 's'
    m={'uuid':{'type':S,'format':'uuid'},'uuidn':{'type':[S,'null'],'format':'uuid'},'email':{'type':S,'format':'email'},
       'time':{'type':S,'format':'date-time'},'timen':{'type':[S,'null'],'format':'date-time'},'n':{'type':[S,'null']},
       'urin':{'type':[S,'null'],'format':'uri'},'bool':{'type':'boolean'},'int':{'type':'integer'},'intn':{'type':['integer','null']},
       'numn':{'type':['number','null']},'score':{'type':['number','null'],'minimum':0,'maximum':1},
       'strings':{'type':'array','items':{'type':S}},'object':{'type':'object'},'array':{'type':'array','items':{'type':'object'}},
       'person':{'oneOf':[{'$ref':'#/components/schemas/Person'},{'type':'null'}]},'s':{'type':S}}
    if kind in ('enum','enumn'):
        vals=p[2].split(',')
        d={'type':S if kind=='enum' else [S,'null'],'enum':vals+([None] if kind=='enumn' else [])}
        return name,d
    return name,m[kind]
out=[]
def w(s=''): out.append(s)
def yq(s): return '"'+s.replace('\\','\\\\').replace('"','\\"')+'"'
def dump(obj, ind):
    pad=' '*ind
    if isinstance(obj,dict):
        for k,v in obj.items():
            if isinstance(v,(dict,list)) and v:
                w(f'{pad}{k}:'); dump(v,ind+2)
            else:
                w(f'{pad}{k}: {scalar(v)}')
    elif isinstance(obj,list):
        for v in obj:
            if isinstance(v,dict):
                items=list(v.items()); k0,v0=items[0]
                if isinstance(v0,(dict,list)) and v0:
                    w(f'{pad}- {k0}:'); dump(v0,ind+4)
                else:
                    w(f'{pad}- {k0}: {scalar(v0)}')
                dump(dict(items[1:]),ind+2)
            else:
                w(f'{pad}- {scalar(v)}')
def scalar(v):
    if v is None: return 'null'
    if v is True: return 'true'
    if v is False: return 'false'
    if isinstance(v,(int,float)): return str(v)
    if isinstance(v,list) and not v: return '[]'
    if isinstance(v,dict) and not v: return '{}'
    if isinstance(v,list): return '['+', '.join(scalar(x) for x in v)+']'
    return yq(str(v))

queries = {
 'GET /api/v1/users': ['page:int','limit:int','role:str','status:str'],
 'GET /api/v1/organizations': ['page:int','limit:int','status:str','type:str'],
 'GET /api/v1/organizations/:id/branches': ['type:str'],
 'GET /api/v1/sales-calls': ['page:int','limit:int','status:str','outcome:str','salesRepresentativeId:str','startDate:date','endDate:date','sortBy:str'],
 'GET /api/v1/sales-scripts': ['page:int','limit:int','category:str','isActive:str'],
 'GET /api/v1/notifications': ['page:int','limit:int','status:str','type:str'],
 'GET /api/v1/notifications/organization': ['page:int','limit:int','status:str','type:str'],
 'GET /api/v1/analytics/overview': ['startDate:date','endDate:date'],
 'GET /api/v1/analytics/performance': ['startDate:date','endDate:date','userId:str'],
 'GET /api/v1/analytics/user/:userId': ['startDate:date','endDate:date'],
 'GET /api/v1/analytics/trends': ['startDate:date','endDate:date','periodType:str'],
 'GET /api/v1/admin/users': ['page:int','limit:int','role:str','status:str','organizationId:str'],
 'GET /api/v1/admin/analytics': ['startDate:date','endDate:date'],
 'GET /api/v1/zapier/triggers/sales-calls': ['organizationId:str','status:str','startDate:date','endDate:date','limit:int'],
 'GET /api/v1/zapier/triggers/performance-alerts': ['organizationId:str','alertType:str','startDate:date','endDate:date','limit:int'],
 'GET /api/v1/zapier/search/users': ['organizationId:str','role:str','query:str'],
 'GET /api/v1/zapier/search/organizations': ['query:str'],
 'GET /api/v1/zapier/proxy/transcript': ['url:str!'],
 'GET /api/v1/files/:fileKey': ['download:str'],
 'GET /api/v1/files/:fileKey/content': ['expires:int!','signature:str!'],
 'PUT /api/v1/sales-calls/:id/transcript': ['format:str'],
}
bodies = {
 'POST /api/v1/users':'UserInput','PUT /api/v1/users/:id':'UserInput',
 'POST /api/v1/organizations':'OrganizationInput','PUT /api/v1/organizations/:id':'OrganizationInput',
 'POST /api/v1/sales-calls':'SalesCallInput','PUT /api/v1/sales-calls/:id':'SalesCallInput',
 'POST /api/v1/sales-scripts':'SalesScriptInput','PUT /api/v1/sales-scripts/:id':'SalesScriptInput',
 'POST /api/v1/notifications':'NotificationInput','POST /api/v1/api-keys':'ApiKeyInput',
}
results = {
 'GET /api/v1/users/:id':'User','GET /api/v1/organizations/:id':'Organization','GET /api/v1/sales-calls/:id':'SalesCall',
 'GET /api/v1/sales-scripts/:id':'SalesScript','POST /api/v1/sales-calls':'SalesCall','PUT /api/v1/sales-calls/:id':'SalesCall',
 'POST /api/v1/sales-calls/:id/start':'SalesCall','POST /api/v1/sales-calls/:id/complete':'SalesCall','POST /api/v1/files/upload':'File',
 'POST /api/v1/notifications':'Notification','POST /api/v1/users':'User','POST /api/v1/organizations':'Organization',
 'POST /api/v1/sales-scripts':'SalesScript',
 'POST /api/v1/sales-calls/:id/analyze':'Scorecard','GET /api/v1/sales-calls/:id/analysis':'Scorecard',
 'GET /api/v1/sales-calls/:id/transcript':'Transcript',
 'PUT /api/v1/sales-calls/:id/recording':'Recording','GET /api/v1/sales-calls/:id/recording':'Recording',
}
w('openapi: 3.1.0')
w('info:')
w('  title: salesan API')
w('  version: "1.0.0"')
w('  description: >-')
w('    The REST API of salesand: the original sales-analytics backend\'s routes as')
w('    they were intended (see API.md for the compatibility decisions), plus sales')
w('    scripts, API keys and signed file downloads.  Every success is')
w('    {"success": true, "data": ...}; every failure {"success": false, "error":')
w('    {"message", "code", "details"?}}.  Objects outside the caller\'s reach are')
w('    reported as 404.  This file is checked against the server\'s route table by')
w('    tests/integration/t90_openapi.t.')
w('servers:')
w('  - url: http://localhost:3000')
w('security:')
w('  - bearerAuth: []')
w('tags:')
tags={}
for m,p,a,r,s in rows:
    seg=p.split('/')[3] if p.startswith('/api/v1/') else 'health'
    tags[seg]=1
for t in tags: w(f'  - name: {t}')
w('paths:')
bypath={}
for row in rows: bypath.setdefault(row[1],[]).append(row)
for p,ops in bypath.items():
    oa=re.sub(r':([A-Za-z]+)',r'{\1}',p)
    w(f'  {oa}:')
    params=re.findall(r':([A-Za-z]+)',p)
    for m,_,a,r,summ in ops:
        key=f'{m} {p}'
        w(f'    {m.lower()}:')
        seg=p.split('/')[3] if p.startswith('/api/v1/') else 'health'
        w(f'      tags: [{seg}]')
        w(f'      summary: {yq(summ)}')
        opid=m.lower()+''.join(x.capitalize() for x in re.split(r'[/:{}\-]+',p.replace('/api/v1',''))if x)
        w(f'      operationId: {opid}')
        roles={'r':'sales_representative','m':'sales_manager','a':'admin','s':'super_admin'}
        if a=='public': w('      security: []')
        elif a=='jwt-or-key':
            w('      security:'); w('        - bearerAuth: []'); w('        - apiKey: []')
        if a!='public':
            allowed=[roles[c] for c in r if c!='-']
            if len(allowed)<4: w(f'      x-roles: [{", ".join(allowed)}]')
        ps=[(x,'path',True,'string') for x in params]
        for q in queries.get(key,[]):
            n,t=q.split(':'); req=t.endswith('!'); t=t.rstrip('!')
            ps.append((n,'query',req,t))
        if ps:
            w('      parameters:')
            for n,loc,req,t in ps:
                w(f'        - name: {n}'); w(f'          in: {loc}'); w(f'          required: {"true" if req else "false"}')
                sch={'int':'{type: integer}','date':'{type: string, format: date-time}'}.get(t,'{type: string}')
                w(f'          schema: {sch}')
        if key in bodies:
            w('      requestBody:'); w('        required: true'); w('        content:'); w('          application/json:')
            w(f'            schema: {{$ref: "#/components/schemas/{bodies[key]}"}}')
        elif key == 'PUT /api/v1/sales-calls/:id/transcript':
            w('      requestBody:'); w('        required: true'); w('        description: "Otter TXT, SRT, WebVTT, plain lines, or salesan / Whisper / Deepgram / AssemblyAI JSON; sniffed unless ?format= is given"'); w('        content:')
            w('          text/plain:'); w('            schema: {type: string}'); w('          application/json:'); w('            schema: {$ref: "#/components/schemas/Transcript"}')
        elif key == 'PUT /api/v1/sales-calls/:id/recording':
            w('      requestBody:'); w('        required: true'); w('        description: "A WAV recording (PCM 8-32 bit or float, mono or stereo: left = rep), as the body or the multipart field recording"'); w('        content:')
            w('          audio/wav:'); w('            schema: {type: string, contentEncoding: binary}')
            w('          multipart/form-data:'); w('            schema: {$ref: "#/components/schemas/UploadForm"}')
        elif 'upload' in p:
            w('      requestBody:'); w('        required: true'); w('        content:'); w('          multipart/form-data:')
            w('            schema: {$ref: "#/components/schemas/UploadForm"}')
        elif m in ('POST','PUT'):
            w('      requestBody:'); w('        required: false'); w('        content:'); w('          application/json:')
            w('            schema: {type: object}')
        w('      responses:')
        ok='202' if key=='PUT /api/v1/sales-calls/:id/recording' else '201' if (m=='POST' and (key in ('POST /api/v1/users','POST /api/v1/organizations','POST /api/v1/sales-calls','POST /api/v1/sales-scripts','POST /api/v1/notifications','POST /api/v1/api-keys','POST /api/v1/auth/register','POST /api/v1/auth/setup-first-admin','POST /api/v1/zapier/actions/create-sales-call','POST /api/v1/zapier/actions/send-notification') or 'upload' in p)) else '200'
        w(f'        "{ok}":')
        if p.endswith('/content'):
            w('          description: The file\'s bytes'); w('          content:'); w('            application/octet-stream:'); w('              schema: {type: string, contentEncoding: binary}')
        else:
            w('          description: Success'); w('          content:'); w('            application/json:')
            if key in results:
                w('              schema:'); w('                allOf:'); w('                  - $ref: "#/components/schemas/Success"')
                w('                  - properties:'); w(f'                      data: {{$ref: "#/components/schemas/{results[key]}"}}')
            else:
                w('              schema: {$ref: "#/components/schemas/Success"}')
        if m in ('POST','PUT') or ps: w('        "400": {$ref: "#/components/responses/BadRequest"}')
        if a!='public': w('        "401": {$ref: "#/components/responses/Unauthorized"}')
        if a!='public' and '-' in r: w('        "403": {$ref: "#/components/responses/Forbidden"}')
        if params: w('        "404": {$ref: "#/components/responses/NotFound"}')
        if p!='/health': w('        "429": {$ref: "#/components/responses/TooManyRequests"}')
w('components:')
w('  securitySchemes:')
w('    bearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}')
w('    apiKey: {type: apiKey, in: header, name: X-API-Key, description: "An organization API key (POST /api/v1/api-keys) with the route\'s scope"}')
w('  responses:')
for code,name,desc in [('400','BadRequest','Invalid input; details lists every bad field'),('401','Unauthorized','Missing, invalid or expired credentials'),('403','Forbidden','The caller\'s role may not do this'),('404','NotFound','No such object within the caller\'s reach'),('429','TooManyRequests','Rate limit exceeded; see Retry-After and RateLimit-* headers')]:
    w(f'    {name}:'); w(f'      description: {yq(desc)}'); w('      content:'); w('        application/json:'); w('          schema: {$ref: "#/components/schemas/Error"}')
w('  schemas:')
w('    Success:')
w('      type: object')
w('      required: [success]')
w('      properties:')
w('        success: {const: true}')
w('        message: {type: string}')
w('        data: {}')
w('    Error:')
w('      type: object')
w('      required: [success, error]')
w('      properties:')
w('        success: {const: false}')
w('        error:')
w('          type: object')
w('          required: [message, code]')
w('          properties:')
w('            message: {type: string}')
w('            code: {type: string}')
w('            details:')
w('              type: array')
w('              items:')
w('                type: object')
w('                properties: {path: {type: string}, msg: {type: string}, location: {type: string}}')
w('    WebhookEvent:')
w('      type: object')
w('      required: [id, event, createdAt, organizationId, data]')
w('      properties:')
w('        id: {type: string, format: uuid, description: "Stable event id: the same on every retry"}')
w('        event: {type: string, enum: [sales_call.created, sales_call.completed, sales_call.analyzed, performance.alert, live_session.started, live_session.ended, notification.created]}')
w('        createdAt: {type: string, format: date-time}')
w('        organizationId: {type: string, format: uuid}')
w('        data: {type: object}')
w('    AnalysisSummary:')
w('      type: object')
w('      properties: {salesCallId: {type: string, format: uuid}, salesRepresentativeId: {type: [string, "null"], format: uuid}, performanceScore: {type: number}, scriptCompliance: {type: [number, "null"]}, orderAdherence: {type: [number, "null"]}, talkRatio: {type: number}, stagesCovered: {type: integer}, stagesTotal: {type: integer}, customerSentiment: {type: string}, strengths: {type: array, items: {type: string}}, weaknesses: {type: array, items: {type: string}}, recommendations: {type: array, items: {type: string}}, keyTopicsCovered: {type: array, items: {type: string}}, objectionsHandled: {type: array, items: {type: string}}, scriptId: {type: [string, "null"]}, analyzedAt: {type: string, format: date-time}}')
w('    PerformanceAlert:')
w('      type: object')
w('      properties:')
w('        salesCallId: {type: string, format: uuid}')
w('        salesRepresentativeId: {type: [string, "null"], format: uuid}')
w('        performanceScore: {type: number}')
w('        reasons: {type: array, items: {type: object, properties: {type: {type: string, enum: [low_score, forbidden_phrase, objection_unhandled]}, threshold: {type: number}, objection: {type: [string, "null"]}, detail: {}}}}')
w('    LiveSessionEvent:')
w('      type: object')
w('      properties: {id: {type: string, format: uuid}, salesCallId: {type: string, format: uuid}, salesRepresentativeId: {type: string, format: uuid}, status: {type: string}, startedAt: {type: string, format: date-time}, endedAt: {type: [string, "null"], format: date-time}, duration: {type: integer}}')
w('    ExportRow:')
w('      description: >-')
w('        One line of GET /api/v1/export/sales-calls: format=ndjson gives a SalesCall object per line;')
w('        format=csv a header line and these columns (times ISO-8601 UTC, money with two decimals,')
w('        scores 0..1): id, customer_name, customer_email, customer_phone, appointment_date, status,')
w('        outcome, sale_amount, duration_seconds, performance_score, script_compliance,')
w('        customer_sentiment, sales_representative_id, sales_representative_name,')
w('        sales_representative_email, manager_id, organization_id, created_at, updated_at.')
w('        Rows come oldest change first; the X-Export-Until header is the mark to resume from.')
w('      type: object')
w('    Pagination:')
w('      type: object')
w('      properties: {page: {type: integer}, limit: {type: integer}, total: {type: integer}, pages: {type: integer}}')
w('    Person:')
w('      type: object')
w('      properties: {id: {type: string, format: uuid}, firstName: {type: string}, lastName: {type: string}, email: {type: string}}')
w('    UploadForm:')
w('      type: object')
w('      properties:')
w('        file: {type: string, contentEncoding: binary, description: "POST /files/upload"}')
w('        recording: {type: string, contentEncoding: binary, description: "POST /files/upload-sales-call"}')
w('        category: {type: string, enum: [sales-call, analytics, profile, general]}')
w('        description: {type: string, maxLength: 500}')
w('        relatedId: {type: string, format: uuid}')
w('        salesCallId: {type: string, format: uuid}')
w('    Transcript:')
w('      type: object')
w('      properties:')
w('        speakers: {type: array, items: {type: object, properties: {id: {type: string}, name: {type: string}, role: {type: string, enum: [rep, customer, unknown]}}}}')
w('        segments: {type: array, items: {type: object, properties: {speaker: {type: string}, startMs: {type: integer}, endMs: {type: integer}, text: {type: string}}}}')
w('    Scorecard:')
w('      type: object')
w('      properties:')
w('        performanceScore: {type: number, minimum: 0, maximum: 1}')
w('        scriptCompliance: {type: [number, "null"], minimum: 0, maximum: 1}')
w('        strengths: {type: array, items: {type: string}}')
w('        weaknesses: {type: array, items: {type: string}}')
w('        recommendations: {type: array, items: {type: string}}')
w('        keyTopicsCovered: {type: array, items: {type: string}}')
w('        objectionsHandled: {type: array, items: {type: string}}')
w('        customerSentiment: {type: string, enum: [positive, neutral, negative]}')
w('        stages: {type: array, items: {type: object, properties: {id: {type: string}, name: {type: string}, required: {type: boolean}, covered: {type: boolean}, confidence: {type: number}, atMs: {type: [integer, "null"]}, evidence: {type: [string, "null"]}}}}')
w('        orderAdherence: {type: [number, "null"]}')
w('        objections: {type: array, items: {type: object, properties: {type: {type: string}, atMs: {type: integer}, handled: {type: boolean}, evidence: {type: string}, response: {type: [string, "null"]}}}}')
w('        forbidden: {type: array, items: {type: object, properties: {phrase: {type: string}, atMs: {type: integer}, evidence: {type: string}}}}')
w('        metrics: {type: object, properties: {talkRatio: {type: number}, longestMonologueMs: {type: integer}, longestCustomerStoryMs: {type: integer}, interactivity: {type: number}, patienceMs: {type: integer}, questionsAsked: {type: integer}, questionRate: {type: number}, wordsPerMinute: {type: number}, fillerWords: {type: integer}, fillerRate: {type: number}, durationMs: {type: integer}}}')
w('        sentiment: {type: object, properties: {rep: {type: number}, customer: {type: number}}}')
w('        rep: {type: object, properties: {name: {type: [string, "null"]}, inferred: {type: boolean}}}')
w('        scriptId: {type: [string, "null"], format: uuid}')
w('        analyzedAt: {type: string, format: date-time}')
for name,fields in schemas.items():
    w(f'    {name}:'); w('      type: object'); w('      properties:')
    for f in fields:
        n,d=prop(f)
        import json
        w(f'        {n}: '+json.dumps(d))
inputs={'UserInput':('User',['email','password','firstName','lastName','phone','role','organizationId','managerId','preferences','profileImageUrl','status','currentPassword']),
 'OrganizationInput':('Organization',['name','type','industry','size','website','phone','email','address','city','state','country','postalCode','subscriptionPlan','subscriptionStatus','maxUsers','settings','timezone','currency','parentOrganizationId','status']),
 'SalesCallInput':('SalesCall',['salesRepresentativeId','managerId','customerName','customerPhone','customerEmail','appointmentDate','recordingUrl','transcriptUrl','notes','tags','status','outcome','saleAmount']),
 'SalesScriptInput':('SalesScript',['name','description','content','category','tags','version','isActive','isDefault','stages','objections','forbidden','organizationId']),
 'NotificationInput':('Notification',['userId','type','title','message','priority','expiresAt','actionUrl','actionData','relatedEntityType','relatedEntityId']),
 'ApiKeyInput':(None,['name','scopes','organizationId'])}
for name,(base,fields) in inputs.items():
    w(f'    {name}:'); w('      type: object'); w('      properties:')
    for f in fields:
        if f=='password' or f=='currentPassword': w(f'        {f}: {{type: string, minLength: 8}}'); continue
        if f=='scopes': w('        scopes: {type: array, items: {type: string, enum: [zapier, webhooks, export]}}'); continue
        if f=='name' and base is None: w('        name: {type: string, maxLength: 100}'); continue
        if f=='organizationId' and base is None: w('        organizationId: {type: string, format: uuid}'); continue
        w(f'        {f}: {{$ref: "#/components/schemas/{base}/properties/{f}"}}' if any(x.split(":")[0]==f for x in schemas[base]) else f'        {f}: {{}}')
# Outbound webhooks (OpenAPI 3.1 "webhooks"): what a subscriber receives.
hook_data = {
  'sales_call.created': ('A sales call was created', '#/components/schemas/SalesCall'),
  'sales_call.completed': ('A sales call was completed', '#/components/schemas/SalesCall'),
  'sales_call.analyzed': ('A call was scored against a training script', '#/components/schemas/AnalysisSummary'),
  'performance.alert': ('An analysed call scored under the threshold, used a forbidden phrase or left an objection unanswered', '#/components/schemas/PerformanceAlert'),
  'live_session.started': ('A live session started', '#/components/schemas/LiveSessionEvent'),
  'live_session.ended': ('A live session ended', '#/components/schemas/LiveSessionEvent'),
  'notification.created': ('A notification was created for a user', '#/components/schemas/Notification'),
}
w('webhooks:')
for ev,(desc,ref) in hook_data.items():
    w(f'  {ev}:')
    w('    post:')
    w(f'      summary: {yq(desc)}')
    w('      description: >-')
    w('        Sent to every active subscription to this event (POST /api/v1/webhooks or')
    w('        /api/v1/zapier/hooks) with headers X-Salesan-Event, X-Salesan-Delivery (the same on')
    w('        every retry) and X-Salesan-Signature "t=<unix seconds>,v1=<hex HMAC-SHA256 of')
    w('        t.body with the subscription secret>".  At least once: deduplicate by the event id.')
    w('        Answer 2xx within WEBHOOK_TIMEOUT_MS; 429 and 5xx are retried with backoff.')
    w('      requestBody:')
    w('        content:')
    w('          application/json:')
    w('            schema:')
    w('              allOf:')
    w('                - $ref: "#/components/schemas/WebhookEvent"')
    w(f'                - properties: {{event: {{const: {ev}}}, data: {{$ref: "{ref}"}}}}')
    w('      responses:')
    w('        "200": {description: Received}')
open('share/salesan/openapi.yaml','w').write('\n'.join(out)+'\n')
