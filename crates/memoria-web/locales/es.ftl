# La interfaz de Memoria en español. Tiene las mismas claves que en.ftl; si falta
# alguna aquí, se muestra la de ese archivo, en inglés.

skip-to-content = Saltar al contenido
nav-label = Principal
nav-dashboard = Panel
nav-incidents = Incidentes
nav-persons = Personas
nav-organizations = Organizaciones
nav-sources = Fuentes
nav-interventions = Intervenciones
nav-source-lists = Listas de fuentes
nav-places = Lugares
nav-collections = Colecciones
nav-audit = Registro de auditoría
search-label = Buscar
search-placeholder = Buscar nombres, títulos, relatos…
search-title = Búsqueda
search-submit = Buscar
search-count = { $count ->
    [one] Un resultado
   *[other] { $count } resultados
}
sign-out = Cerrar sesión
footer-note = Manéjese con cuidado: estos datos pueden poner en riesgo a personas.

sign-in-title = Iniciar sesión
sign-in-name = Nombre de cuenta
sign-in-password = Contraseña
sign-in-submit = Iniciar sesión
sign-in-failed = El nombre de cuenta o la contraseña no son correctos. Revise ambos e inténtelo de nuevo.
second-factor-title = Segundo paso
second-factor-help = Escriba el código de seis dígitos que su aplicación de autenticación muestra para Memoria.
second-factor-code = Código
second-factor-submit = Continuar
second-factor-failed = Ese código no es válido. Espere al siguiente código e inténtelo de nuevo.

dashboard-title = Panel
dashboard-by-status = Incidentes por estado
dashboard-all-incidents = todos los incidentes
dashboard-recent = Modificados recientemente
dashboard-due = Seguimientos pendientes
dashboard-nothing-due = No hay seguimientos previstos en las próximas dos semanas.
nothing-yet = Todavía no hay nada.

incidents-title = Incidentes
incidents-new = Nuevo incidente
incidents-none = Ningún incidente coincide con estos filtros.
incidents-showing = { $first }–{ $last } de { $total }
incidents-count = { $count ->
    [one] { $count } incidente
   *[other] { $count } incidentes
}
incident-edit-title = Editar incidente
incident-acts = Actos
incident-claims = Afirmaciones por campo
incident-sources = Fuentes
incident-interventions = Intervenciones
act-victims = Víctimas
act-perpetrators = Presuntos perpetradores
perpetrator-unidentified = Sin identificar
claims-conflict = Las fuentes discrepan
claims-preferred = Preferida
grade-help = Evaluación de la fuente: fiabilidad (A–F) y credibilidad (1–6)

filter-text = Palabras
filter-date = Fecha
filter-from = Desde
filter-to = Hasta
filter-violation = Violación
filter-perpetrator-type = Tipo de perpetrador
filter-any = Cualquiera
filter-sort = Ordenar por
filter-apply = Aplicar
filter-clear = Borrar filtros
filter-bad-date = Un filtro de fecha no contiene una fecha que Memoria entienda (pruebe con 1999, 1999-03 o 1999-03-05); no se ha aplicado.
filter-bad-place = El filtro de lugar no es un identificador de lugar; no se ha aplicado.
sort-date-desc = Más recientes primero
sort-date-asc = Más antiguos primero
sort-updated = Modificados recientemente
pager-label = Páginas
pager-prev = Anterior
pager-next = Siguiente
pager-older = Más

field-title = Título
field-narrative = Relato
field-date = Fecha
field-place = Lugar
field-place-id = Lugar (identificador del registro)
field-status = Estado
field-confidentiality = Confidencialidad
field-collection = Colección
field-external-id = Referencia en sus propios archivos
date-uncertain = incierta
date-uncertain-help = La fecha es incierta o aproximada, o se extiende fuera del intervalo solicitado.
date-help = Una fecha, un mes o un año (1999-03-05, 1999-03, 1999); ? si es incierta, ~ si es aproximada (1999-03?); un intervalo, así: 1999-03-05/1999-03-09.
date-invalid = Esta no es una fecha que Memoria entienda. Escríbala como 1999-03-05, 1999-03 o 1999; añada ? si es incierta; un intervalo, así: 1999-03-05/1999-03-09.
place-invalid = Esto no es el identificador de un lugar. Cópielo de la página del lugar o deje el campo vacío.
collection-invalid = Elija una colección a la que pueda añadir registros.
title-required = Dé un título al incidente en al menos un idioma.
form-has-problems = Algunos campos requieren atención; cada uno indica cómo corregirlo.
form-too-long = Demasiado largo: como máximo { $max } caracteres.

status-draft = Borrador
status-under-review = En revisión
status-verified = Verificado
status-closed = Cerrado
sensitivity-public = Público
sensitivity-internal = Interno
sensitivity-restricted = Restringido
sensitivity-confidential = Confidencial

kind-collection = Colección
kind-incident = Incidente
kind-act = Acto
kind-person = Persona
kind-organization = Organización
kind-source = Fuente
kind-claim = Afirmación
kind-intervention = Intervención
kind-source-list = Lista de fuentes
kind-record = Entrada de lista
kind-place = Lugar
kind-vocabulary = Vocabulario

role-victim = víctima
role-witness = testigo
role-source = fuente
role-perpetrator = perpetrador
role-administrator = Administrador
role-coordinator = Coordinador
role-analyst = Analista
role-documentalist = Documentalista
role-field-researcher = Investigador de campo
role-viewer = Lector
role-installation-admin = Administrador de la instalación
all-collections = todas las colecciones

action-edit = Editar
action-history = Historial
action-save = Guardar
action-cancel = Cancelar
action-create = creación
action-update = modificación
action-delete = eliminación
action-undelete = recuperación
action-restore = restauración

withheld = reservado
record-deleted = Este registro está eliminado. Puede recuperarse desde su historial.
record-version = Versión { $version }
record-related = Registros relacionados
records-count = { $count ->
    [one] { $count } registro
   *[other] { $count } registros
}

history-title = Historial
history-restore = Restaurar la versión { $version }
diff-field = Campo
diff-before = Antes
diff-after = Después
diff-theirs = Guardado por otra persona
diff-yours = Sus cambios
conflict-title = Otra persona guardó este incidente mientras usted lo editaba
conflict-explain = El incidente está ahora en la versión { $version }. Sus cambios no se guardaron.
conflict-next = Sus cambios siguen en el formulario de abajo. Revise las diferencias y vuelva a guardar para aplicarlos sobre la versión más reciente, o cancele.

account-title = Su cuenta
account-language = Idioma
account-roles = Sus roles
account-password = Contraseña
account-password-current = Contraseña actual
account-password-new = Nueva contraseña (al menos 12 caracteres)
account-password-change = Cambiar la contraseña
password-current-wrong = La contraseña actual no es correcta.
password-too-weak = La nueva contraseña es demasiado corta: use al menos { $min } caracteres (unas cuantas palabras al azar funcionan bien).
account-totp = Inicio de sesión en dos pasos
account-totp-on = El inicio de sesión en dos pasos está activado.
account-totp-off = El inicio de sesión en dos pasos está desactivado. Actívelo: así, una contraseña robada no bastará para abrir su cuenta.
account-totp-start = Activar el inicio de sesión en dos pasos
account-totp-enrol-help = Añada esta clave a su aplicación de autenticación (o use el enlace de abajo) y escriba el código que muestre.
account-totp-enable = Activar
totp-bad-secret = El proceso de activación caducó; vuelva a empezar.
saved = Guardado.

audit-title = Registro de auditoría
audit-when = Cuándo
audit-who = Cuenta
audit-what = Acción
audit-record = Registro
audit-detail = Detalle

add-act-title = Añadir un acto
add-act-victim = Nombre de la víctima (una persona nueva; déjelo vacío si no se conoce)
add-act-group-size = Número de víctimas, si es un grupo
add-act-submit = Añadir el acto
add-source-title = Añadir una fuente
add-source-name = Fuente (quién o qué lo informó)
add-source-reliability = Fiabilidad de la fuente
add-source-credibility = Credibilidad de la información
add-source-field = Campo al que se refiere la fuente (opcional, p. ej. date)
add-source-value = Lo que dice la fuente al respecto
add-source-submit = Añadir la fuente
claim-needs-both = Indique el campo y lo que dice la fuente, o ninguno de los dos.

nav-vocabularies = Vocabularios
nav-accounts = Cuentas
accounts-title = Cuentas y funciones
account-add = Añadir una cuenta
account-disable = Desactivar
account-enable = Activar
account-disabled = desactivada
account-no-password = solo línea de comandos
account-name-invalid = Los nombres de cuenta usan de 1 a 64 letras, cifras, puntos, guiones y guiones bajos.
account-name-taken = Ya existe una cuenta con ese nombre; elija otro.
role-none = Sin función
vocabulary-terms = { $count ->
    [one] Un término
   *[other] { $count } términos
}
term-code = Código
term-labels = Etiquetas
term-parent = Término genérico (código)
term-deprecated = obsoleto
term-add = Añadir un término
term-invalid = Un término necesita un código (minúsculas, cifras, - _ .) y una etiqueta en al menos un idioma, cada una de menos de 300 caracteres.

button-delete = Eliminar
button-undelete = Recuperar

add-intervention-title = Registrar una intervención
add-intervention-kind = Tipo de intervención
add-intervention-target = Institución destinataria
add-intervention-submitted = Presentada el
add-intervention-follow-up = Próximo seguimiento previsto el
add-intervention-submit = Registrar la intervención

follow-up-title = Seguimiento
follow-up-response = Respuesta recibida
follow-up-response-date = Respuesta recibida el

record-new-title = Nuevo registro: { $kind }
record-edit-title = Editar: { $kind }
record-conflict-explain = El registro está ahora en la versión { $version }. Sus cambios no se guardaron.
field-names = Nombres
field-names-help = Un nombre por línea, el principal primero. Para añadir una transliteración latina, escríbala tras una barra: محمد علي / Mohammed Ali
field-roles = Funciones
field-sex = Sexo
field-birth-date = Fecha de nacimiento
field-age = Edad
field-age-help = Años, como 30, o un intervalo, como 25-30.
field-group-size = Número de personas (si es un grupo)
field-ethnicity = Etnia
field-religion = Religión
field-contact = Datos de contacto
field-name = Nombre
field-aliases = Otros nombres
field-aliases-help = Un nombre por línea.
field-kind = Tipo
field-parent-unit = Depende de (id de la unidad)
field-informant = Informante (id de la persona)
field-reference = Referencia
field-description = Descripción
reference-help = El id del registro, tal como aparece al final de su dirección (/records/…).
reference-invalid = No hay { $kind } con este id en la colección. Copie el id de la dirección del registro.
age-invalid = Escriba una edad en años, como 30, o un intervalo, como 25-30.
number-invalid = Escriba un número entero mayor que 0.
grade-invalid = Elija una calificación de la lista.
parent-cycle = Una unidad no puede depender de sí misma, ni directamente ni a través de las unidades superiores.
form-too-many-lines = Demasiadas líneas: como máximo { $max }.
choice-not-recorded = Sin registrar

# Estadísticas y análisis
nav-statistics = Estadísticas
nav-analysis = Análisis
statistics-title = Estadísticas
statistics-intro = Recuentos de lo documentado, no de todo lo que ocurrió. Solo se cuentan los registros que usted puede ver.
statistics-no-collection = No puede leer ninguna colección, así que no hay nada que contar.
statistics-collection = Colección
statistics-by = Periodos
statistics-show = Mostrar
statistics-by-year = Años
statistics-by-quarter = Trimestres
statistics-by-month = Meses
statistics-acts-by-year = Actos por año
statistics-acts-by-quarter = Actos por trimestre
statistics-acts-by-month = Actos por mes
statistics-period-description = Actos documentados por periodo. Un acto de fecha incierta se reparte entre los periodos en que puede caer; la banda sombreada va de los actos que seguro están en un periodo a los que pueden estarlo.
statistics-period-caption = { $total } actos en total. Fuera del gráfico: { $undated } sin fecha y { $open } con una fecha abierta. Un acto de fecha incierta se reparte entre los periodos en que puede caer, en proporción a los días; la banda sombreada va de los actos que seguro están en un periodo a los que pueden estarlo.
statistics-no-dated-acts = Ninguno de los { $total } actos tiene fecha, así que no hay serie que dibujar.
statistics-too-many-periods = Las fechas abarcan demasiados periodos para este gráfico: elija periodos más largos.
statistics-no-series = Las fechas no pueden dibujarse como serie: una de ellas queda fuera del calendario.
statistics-period = Periodo
statistics-acts-spread = Actos (repartidos)
statistics-band = Seguro – posible
statistics-acts-by-violation = Actos por tipo de violación
statistics-violation-caption = { $total } actos en total; { $none } sin tipo de violación.
statistics-violation = Tipo de violación
statistics-acts = Actos
statistics-victims-by-sex = Víctimas por sexo
statistics-sex-caption = { $total } víctimas, cada persona una vez y un grupo según su tamaño; { $none } sin sexo registrado.
statistics-sex = Sexo
statistics-victims = Víctimas
statistics-victims-by-age = Víctimas por grupo de edad
statistics-age-caption = { $total } víctimas, cada persona una vez y un grupo según su tamaño; { $none } sin edad conocida. Una edad conocida como intervalo se reparte entre los grupos que abarca.
statistics-age-group = Grupo de edad
statistics-table = Los números en una tabla

analysis-title = Análisis
analysis-intro = Las listas de fuentes de la colección vinculadas en personas, y una estimación de cuántas víctimas no documentó ninguna lista. Cada estimación se muestra con su intervalo del 95 %, su método, lo que supone y lo que falla en ella.
analysis-no-lists = Esta colección no tiene listas de fuentes que vincular. Importe una primero.
analysis-too-many-lists = Esta colección tiene { $count } listas de fuentes; se pueden vincular 15 como máximo a la vez.
analysis-blocking-refused = No se pudieron vincular las listas: { $reason }
analysis-table-refused = No se pudieron tabular las listas vinculadas: { $reason }
analysis-lists = Listas de fuentes
analysis-list = Lista
analysis-list-records = Registros
analysis-blocking = Vinculación
analysis-blocking-summary = { $records } registros; compararlos todos entre sí daría { $possible } pares. El bloqueo produjo { $union } pares candidatos (todas las reglas juntas):
analysis-rule = Regla
analysis-rule-pairs = Pares
analysis-rule-keyed = Registros que puede encontrar
analysis-rule-largest = Bloque mayor
analysis-clusters = { $records } registros se vincularon en { $clusters } personas (grupos); se vincularon { $linked } pares.
analysis-estimates = Víctimas estimadas, documentadas y no documentadas
analysis-estimates-help = Documentadas: personas en al menos una lista. Estimación: documentadas y no documentadas juntas, con su intervalo del 95 %. Un método que no puede dar un número fiable lo dice en su lugar.
analysis-method = Método
analysis-documented = Documentadas
analysis-estimate = Estimación
analysis-interval-heading = Intervalo del 95 %
analysis-interval = de { $lower } a { $upper }
analysis-no-upper = sin límite superior
analysis-warnings = Advertencias
analysis-no-warnings = Ninguna
analysis-no-estimate = Sin estimación
analysis-no-estimate-why = el método no pudo dar aquí un número fiable
analysis-assumptions = Supone:
analysis-method-lcmcr = LCMCR, clases latentes bayesianas (como máximo { $classes })
analysis-method-lcmcr-short = LCMCR
analysis-method-loglinear = Modelo log-lineal elegido por { $criterion }
analysis-method-loglinear-given = Modelo log-lineal { $model }
analysis-method-loglinear-short = Modelo log-lineal
analysis-lcmcr-failed = El muestreador no pudo ejecutarse con estos ajustes.
analysis-settings = Ajustes de LCMCR: K = { $classes } clases latentes, calentamiento de { $burnin } barridos, { $samples } muestras por cadena tomadas cada { $thinning } barridos, { $chains } cadenas, semilla { $seed } (los mismos números en cada recarga). El modelo log-lineal es el mejor según el AIC entre los modelos jerárquicos con interacciones dobles. Calculado en { $seconds } s, guardado hasta que cambie un registro.
analysis-review = Pares por revisar
analysis-review-summary = { $total } pares son inciertos: el modelo no sabe si son la misma persona. Se muestran los { $shown } más probables.
analysis-review-none = Ningún par es incierto.
analysis-review-coming = Pronto se podrán registrar decisiones sobre los pares (misma persona, personas distintas); por ahora, abra cada registro para compararlos.
analysis-probability = Probabilidad de ser la misma persona:
analysis-explain = Por qué, campo por campo
analysis-field = Campo
analysis-level = Comparación
analysis-bits = Peso (bits)
analysis-total = Total
analysis-prior = A priori
analysis-level-missing = falta en un lado
analysis-field-name = Nombre
analysis-field-sex = Sexo
analysis-field-age = Edad
analysis-field-birth-date = Fecha de nacimiento
analysis-field-date = Fecha del hecho
analysis-field-place = Lugar
assumption-common = La población es cerrada durante el periodo (nadie entra ni sale) y las listas se vincularon correctamente (sin vínculos perdidos ni falsos).
assumption-lcmcr = Las personas se reparten en { $classes } clases latentes como máximo y, dentro de una clase, las listas capturan de forma independiente; a priori p(N) ∝ 1/N.
assumption-loglinear-independent = Las listas capturan de forma independiente entre sí (modelo { $model }); las no documentadas siguen el mismo modelo que las documentadas.
assumption-loglinear-dependent = La dependencia entre listas es exactamente la que permiten las interacciones del modelo ({ $model }); las no documentadas siguen el mismo modelo que las documentadas.
assumption-loglinear = La dependencia entre listas es la que permite el modelo log-lineal elegido; las no documentadas siguen el mismo modelo que las documentadas.
warning-lists-dropped = { $lists } no registraron a nadie aquí y quedaron fuera de esta estimación.
warning-terms-removed = Se quitaron los términos del modelo con { $lists }, porque esas listas no registraron a nadie aquí.
warning-too-few-lists = Solo { $lists } lista(s) registraron a alguien aquí; estimar las no documentadas requiere al menos dos listas que se solapen.
warning-no-data = Nadie está documentado aquí, así que no se puede estimar nada.
warning-divergent-terms = Sin estimación finita para { $terms }: alguna combinación de listas no tiene a nadie, así que el modelo ajusta exactamente esas celdas vacías. Elija un modelo más simple.
warning-fit-failed = No se pudo ajustar el modelo: { $reason }
warning-unbounded = Con este modelo los datos no ponen límite superior al total: el intervalo del 95 % queda abierto.
warning-divergent-passed-over = Se descartaron { $count } modelo(s) con mejor puntuación porque su ajuste diverge (el mejor: { $best }).
warning-few-lists-lcmcr = Solo { $lists } listas: un modelo de clases latentes está poco identificado y la estimación depende de la distribución a priori.
warning-poor-mixing = Las cadenas no concuerdan (R-hat { $rhat }, debería ser menor que 1,05): no confíe aún en esta estimación.
warning-low-ess = Solo unas { $ess } extracciones efectivamente independientes: los límites del intervalo son imprecisos.
warning-runaway = { $count } extracciones de las no documentadas superaron 20 veces las documentadas y se repitieron: el modelo apenas acota el total.
warning-incomplete-total = { $strata } estratos no tienen estimación, así que no se da un total.

error-home = Volver a Memoria
error-not-signed-in = Inicie sesión para continuar.
error-forbidden = Su cuenta no puede hacer esto. Pídalo a un coordinador de la colección si lo necesita.
error-not-found = No existe esta página o registro, o su cuenta no puede verlo.
error-invalid = Los datos tienen problemas; corrija los campos indicados y envíelos de nuevo.
error-conflict = El registro cambió desde que lo cargó (ahora está en la versión { $current }). Vuelva a cargarlo y aplique de nuevo su cambio.
error-precondition-failed = El registro cambió desde la versión indicada (ahora está en la versión { $current }). Vuelva a obtenerlo.
error-collection-fixed = Un registro no puede pasar a otra colección; cree allí un registro nuevo.
error-deleted = El registro está eliminado; restáurelo antes de editarlo.
error-precondition-required = Esta solicitud necesita la versión del registro, para que una copia antigua no sobrescriba una más reciente.
error-csrf = El formulario caducó o no vino de este sitio. Vuelva a cargar la página e inténtelo de nuevo.
error-too-many-attempts = Demasiados intentos. Espere { $seconds } segundos e inténtelo de nuevo.
error-payload-too-large = Lo enviado es más grande de lo que este servidor acepta.
error-internal = Algo falló en el servidor. El error quedó registrado; dé esta referencia a su administrador: { $reference }.
